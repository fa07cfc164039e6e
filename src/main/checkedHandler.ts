import type { ApiResult } from '../shared/api'
import { isAppTopFrame, type SenderFrame } from './security'

/** The part of Electron's `IpcMainInvokeEvent` the check reads. */
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null
}

export const forbiddenSender = {
  ok: false,
  error: { code: 'forbidden-sender', message: 'Call refused: not from the app window.' },
} as const

/**
 * The one wrapper every IPC handler is registered through (STYLE.md "One contract, three
 * transports"): a call from anything but the app's own top frame is refused before its input is
 * looked at; the handler itself parses the input and answers a value, never a thrown error.
 */
export function checkedHandler(
  run: (raw: unknown) => Promise<ApiResult<unknown>>,
): (event: InvokeEvent, raw: unknown) => Promise<ApiResult<unknown>> {
  return (event, raw) =>
    isAppTopFrame(event.senderFrame) ? run(raw) : Promise.resolve(forbiddenSender)
}

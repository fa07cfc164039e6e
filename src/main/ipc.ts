import { app, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { api, type ApiResult, type Channel, type Input, type Output } from '../shared/api'
import { APP_ORIGIN } from './security'

type Handlers = { [C in Channel]: (input: Input<C>) => Promise<Output<C>> | Output<C> }

/** VS Code's rule: only the app's own top frame may call in. */
function fromAppTopFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  return frame !== null && frame.parent === null && frame.url.startsWith(APP_ORIGIN + '/')
}

function handle<C extends Channel>(channel: C, handler: Handlers[C]): void {
  ipcMain.handle(channel, async (event, raw: unknown): Promise<ApiResult<Output<C>>> => {
    if (!fromAppTopFrame(event))
      return {
        ok: false,
        error: { code: 'forbidden-sender', message: 'Call refused: not from the app window.' },
      }
    const parsed = api[channel].input.safeParse(raw)
    if (!parsed.success)
      return { ok: false, error: { code: 'invalid-input', message: parsed.error.message } }
    try {
      return { ok: true, value: await handler(parsed.data as Input<C>) }
    } catch (error) {
      const code =
        typeof error === 'object' && error !== null && 'code' in error
          ? String(error.code)
          : 'internal'
      return {
        ok: false,
        error: { code, message: error instanceof Error ? error.message : String(error) },
      }
    }
  })
}

export function registerIpcHandlers(): void {
  handle('app.version', () => ({ version: app.getVersion() }))
  handle('recordings.list', () => [])
}

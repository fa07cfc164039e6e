import { stat } from 'node:fs/promises'
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron'
import { z } from 'zod'
import { channels, ipcTransport, type ApiResult, type JobEvent } from '../shared/api'
import type { Core } from '../core/app'
import { createApiHandlers } from '../core/api/createApiHandlers'
import { APP_ORIGIN } from './security'

const forbidden = {
  ok: false,
  error: { code: 'forbidden-sender', message: 'Call refused: not from the app window.' },
} as const

/** VS Code's rule: only the app's own top frame may call in. */
function fromAppTopFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  return frame !== null && frame.parent === null && frame.url.startsWith(APP_ORIGIN + '/')
}

function handle(channel: string, run: (raw: unknown) => Promise<ApiResult<unknown>>): void {
  ipcMain.handle(channel, (event, raw: unknown) =>
    fromAppTopFrame(event) ? run(raw) : Promise.resolve(forbidden),
  )
}

const StageInput = z.object({ path: z.string().min(1) })

/**
 * Registers every channel of the contract on the same handler map web mode serves, plus the
 * preload's file hand-over, and forwards job events to the app's windows. Returns a disposer.
 * The caller owns `core` and disposes it on quit.
 */
export function registerIpcHandlers(core: Core): () => void {
  const service = createApiHandlers(core)
  for (const channel of channels) handle(channel, (raw) => service.dispatch(channel, raw))

  // The preload resolves a dropped File to its path with webUtils.getPathForFile; the path goes
  // from preload to main only and comes back to the renderer as an opaque source id.
  handle(ipcTransport.stageFile, async (raw) => {
    const input = StageInput.safeParse(raw)
    if (!input.success) {
      return { ok: false, error: { code: 'invalid-input', message: 'No file was given.' } }
    }
    const info = await stat(input.data.path).catch(() => null)
    if (!info?.isFile()) {
      return {
        ok: false,
        error: { code: 'not-a-file', message: 'That is not a file Earshot can read.' },
      }
    }
    return {
      ok: true,
      value: { sourceId: service.staged.stage({ path: input.data.path, ownedCopy: false }) },
    }
  })

  const unsubscribe = core.runner.onEvent((event: JobEvent) => {
    for (const contents of webContents.getAllWebContents()) {
      if (contents.getURL().startsWith(APP_ORIGIN + '/'))
        contents.send(ipcTransport.jobEvent, event)
    }
  })

  return () => {
    unsubscribe()
    for (const channel of [...channels, ipcTransport.stageFile]) ipcMain.removeHandler(channel)
    void service.staged.dispose()
  }
}

import { stat } from 'node:fs/promises'
import { ipcMain, session, webContents } from 'electron'
import { z } from 'zod'
import { channels, ipcTransport, type ApiResult, type JobEvent } from '../shared/api'
import type { Core } from '../core/app'
import type { BackendTokenStore } from '../core/api/BackendTokenStore'
import { createApiHandlers } from '../core/api/createApiHandlers'
import { checkedHandler } from './checkedHandler'
import { dialogConfirmer } from './dialogConfirmer'
import { isAppPageUrl } from './security'

function handle(channel: string, run: (raw: unknown) => Promise<ApiResult<unknown>>): void {
  ipcMain.handle(channel, checkedHandler(run))
}

const StageInput = z.object({ path: z.string().min(1) })

export interface IpcDeps {
  core: Core
  /** The keychain-backed token store (TokenVault). */
  tokens: BackendTokenStore
  log: (error: unknown) => void
}

/**
 * Registers every channel of the contract on the same handler map web mode serves, plus the
 * preload's file hand-over, and forwards job events to the app's windows. Returns a disposer.
 * The caller owns `core` and disposes it on quit, after this.
 */
export function registerIpcHandlers({ core, tokens, log }: IpcDeps): () => Promise<void> {
  // Where uploads go and what runs change only after a yes in a native dialog (dialogConfirmer).
  const service = createApiHandlers(core, {
    tokens,
    log,
    confirmer: dialogConfirmer,
    // Chromium's profile sits in userData beside Earshot's files: its caches and storage go too.
    afterDeleteAll: async () => {
      await session.defaultSession.clearStorageData()
      await session.defaultSession.clearCache()
    },
  })
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

  const push = (event: JobEvent) => {
    for (const contents of webContents.getAllWebContents()) {
      if (isAppPageUrl(contents.getURL())) contents.send(ipcTransport.jobEvent, event)
    }
  }
  const unsubscribeJobs = core.runner.onEvent(push)
  const unsubscribeDownloads = core.modelDownloads.onEvent((download) => {
    push({ type: 'model-download', download })
  })
  const unsubscribe = () => {
    unsubscribeJobs()
    unsubscribeDownloads()
  }

  return async () => {
    unsubscribe()
    for (const channel of [...channels, ipcTransport.stageFile]) ipcMain.removeHandler(channel)
    await Promise.all([service.staged.dispose(), service.dispose()])
  }
}

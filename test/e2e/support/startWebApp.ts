import { mkdtempSync, rmSync } from 'node:fs'
import type { IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChangeConfirmer } from '../../../src/core/api/ChangeConfirmer'
import { Core } from '../../../src/core/app'
import type { ModelCatalog } from '../../../src/core/transcribe/model/modelCatalog'
import { startWebServer, type WebServer } from '../../../src/web/startWebServer'
import { ensureRendererBuilt } from './ensureRendererBuilt'

export interface AnsweredRequest {
  method: string
  url: string
  status: number
  headers: IncomingHttpHeaders
}

export interface WebApp {
  core: Core
  server: WebServer
  dataDir: string
  /** What the server logged as unexpected: a test expects none. */
  loggedErrors: unknown[]
  /** Every request the server answered, in order, with the status it answered. */
  answered: AnsweredRequest[]
  stop: () => Promise<void>
}

/** The real core on a fresh data folder, served in web mode exactly as `earshot web` does. */
export async function startWebApp(
  settings: {
    modelPath?: string
    maxUploadBytes?: number
    confirmer?: ChangeConfirmer
    /** A loopback model catalogue (the model-download tests). */
    modelCatalog?: ModelCatalog
  } = {},
): Promise<WebApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'earshot-web-'))
  const core = new Core({
    dataDir,
    env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' },
    ...(settings.modelCatalog !== undefined && { modelCatalog: settings.modelCatalog }),
  })
  if (settings.modelPath !== undefined) core.settings.set('model.path', settings.modelPath)
  const loggedErrors: unknown[] = []
  const answered: AnsweredRequest[] = []
  const server = await startWebServer({
    core,
    rendererDir: ensureRendererBuilt(),
    ...(settings.maxUploadBytes !== undefined && { maxUploadBytes: settings.maxUploadBytes }),
    ...(settings.confirmer !== undefined && { confirmer: settings.confirmer }),
    log: (error) => loggedErrors.push(error),
    onAnswered: (req, status) =>
      answered.push({ method: req.method ?? '', url: req.url ?? '', status, headers: req.headers }),
  })
  return {
    core,
    server,
    dataDir,
    loggedErrors,
    answered,
    stop: async () => {
      await server.close()
      await core.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

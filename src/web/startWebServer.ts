import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { Core } from '../core/app'
import type { ChangeConfirmer } from '../core/api/ChangeConfirmer'
import { createApiHandlers } from '../core/api/createApiHandlers'
import { allowLoopbackListener } from '../core/egress/allowLoopbackListener'
import { EventStream } from './EventStream'
import { BodyError, readJsonBody } from './readJsonBody'
import { receiveUpload } from './receiveUpload'
import { sendError, sendJson } from './sendJson'
import { serveMedia } from './serveMedia'
import { serveStatic } from './serveStatic'
import { WebAuth } from './WebAuth'

export interface WebServerOptions {
  core: Core
  /** The built renderer (`out/renderer`). */
  rendererDir: string
  /** 0 or absent: any free port. */
  port?: number
  /** Largest file the page may upload for import (default 4 GiB). */
  maxUploadBytes?: number
  log?: (error: unknown) => void
  /**
   * Asks the person at the terminal before the page changes where data goes or what runs
   * (TerminalConfirmer for `earshot web`). Without one, every such change is refused.
   */
  confirmer?: ChangeConfirmer
  /** Told of every request once answered, with its status (tests; a request log). */
  onAnswered?: (req: IncomingMessage, status: number) => void
}

export interface WebServer {
  /** What to open: the token rides in the fragment, which no request carries (see WebAuth). */
  url: string
  origin: string
  port: number
  /** The session: `Authorization: Bearer <token>` (or `x-earshot-token`) on every API call. */
  token: string
  /** Reads `/api/media/<id>?key=<mediaKey>` and nothing else (media elements send no headers). */
  mediaKey: string
  close: () => Promise<void>
}

const MAX_JSON_BYTES = 1 << 20
const DEFAULT_MAX_UPLOAD_BYTES = 4 * 2 ** 30

/**
 * Web mode (DESIGN.md §8): the renderer and the same API the Electron app speaks, on 127.0.0.1 only,
 * for one holder of a per-launch token. See WebAuth for who may call in.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { core } = options
  const rendererDir = resolve(options.rendererDir)
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES
  const log =
    options.log ??
    ((error: unknown) => {
      console.error(error)
    })
  const service = createApiHandlers(core, {
    log,
    ...(options.confirmer !== undefined && { confirmer: options.confirmer }),
  })
  const events = new EventStream()
  const unsubscribeJobs = core.runner.onEvent((event) => {
    events.send('job', event)
  })
  const unsubscribeDownloads = core.modelDownloads.onEvent((download) => {
    events.send('job', { type: 'model-download', download })
  })
  const unsubscribe = () => {
    unsubscribeJobs()
    unsubscribeDownloads()
  }
  let auth: WebAuth | null = null

  const route = async (req: IncomingMessage, res: ServerResponse, gate: WebAuth): Promise<void> => {
    const url = new URL(req.url ?? '/', gate.origin)
    const { pathname } = url
    const method = req.method ?? 'GET'

    const isApi = pathname.startsWith('/api/')
    if (!isApi) {
      if (method !== 'GET' && method !== 'HEAD') {
        sendError(res, 405, 'method', 'GET only.')
        return
      }
      // The built renderer holds no user data, and a top-level navigation cannot carry a header:
      // the page loads without the token and reads it from the link's fragment (see WebAuth).
      return serveStatic(res, rendererDir, pathname)
    }
    const media = /^\/api\/media\/([^/]+)$/.exec(pathname)
    if (media && (method === 'GET' || method === 'HEAD')) {
      if (!gate.hasToken(req) && !gate.hasMediaKey(url)) {
        sendError(res, 401, 'unauthorized', 'Open the link `earshot web` printed.')
        return
      }
      // Ids are UUIDs: anything needing percent-decoding names no recording.
      return serveMedia(req, res, core.recordings.get(media[1] ?? '')?.sourcePath)
    }
    if (!gate.hasToken(req)) {
      sendError(res, 401, 'unauthorized', 'Open the link `earshot web` printed.')
      return
    }
    if (pathname === '/api/session' && method === 'GET') {
      sendJson(res, 200, { ok: true, value: { mediaKey: gate.mediaKey } })
      return
    }
    if (pathname === '/api/events' && method === 'GET') {
      events.attach(res)
      return
    }
    if (method !== 'POST') {
      sendError(res, 405, 'method', 'API calls are POST requests.')
      return
    }
    if (pathname === '/api/upload') {
      const path = await receiveUpload(req, service.importsDir, maxUploadBytes)
      const sourceId = service.staged.stage({ path, ownedCopy: true })
      sendJson(res, 200, { ok: true, value: { sourceId } })
      return
    }
    const channel = pathname.slice('/api/'.length)
    const input = await readJsonBody(req, MAX_JSON_BYTES)
    sendJson(res, 200, await service.dispatch(channel, input))
  }

  const { onAnswered } = options
  const server = createServer((req, res) => {
    if (onAnswered) {
      res.on('close', () => {
        onAnswered(req, res.statusCode)
      })
    }
    if (!auth) {
      sendError(res, 503, 'starting', 'Starting up.')
      return
    }
    const source = auth.checkSource(req)
    if (!source.ok) {
      sendError(res, source.status, 'forbidden', source.reason)
      return
    }
    route(req, res, auth).catch((error: unknown) => {
      if (error instanceof BodyError) {
        // Drain nothing more: the connection closes so an oversized upload stops here.
        res.setHeader('connection', 'close')
        sendError(res, error.status, error.code, error.message)
        return
      }
      log(error)
      if (res.headersSent) res.destroy()
      else sendError(res, 500, 'internal', 'Something unexpected went wrong inside Earshot.')
    })
  })
  // Uploads of long recordings can take minutes on slow disks; the default 5 min cap would cut them.
  server.requestTimeout = 0
  // Web mode's own socket is the one listener the tripwire lets the CLI open (issue 9).
  allowLoopbackListener(server)

  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail)
      done()
    })
  })
  const { port } = server.address() as AddressInfo
  const gate = new WebAuth(port)
  auth = gate

  return {
    url: gate.link,
    origin: gate.origin,
    port,
    token: gate.token,
    mediaKey: gate.mediaKey,
    close: async () => {
      unsubscribe()
      events.dispose()
      server.closeAllConnections()
      await new Promise<void>((done) =>
        server.close(() => {
          done()
        }),
      )
      await service.staged.dispose()
      await service.dispose()
    },
  }
}

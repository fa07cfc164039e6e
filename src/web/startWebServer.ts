import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import type { Core } from '../core/app'
import { createApiHandlers } from '../core/api/createApiHandlers'
import { EventStream } from './EventStream'
import { BodyError, readJsonBody } from './readJsonBody'
import { receiveUpload } from './receiveUpload'
import { securityHeaders } from './securityHeaders'
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
}

export interface WebServer {
  /** What to open: carries the token once, which the page trades for a cookie. */
  url: string
  origin: string
  port: number
  token: string
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
  const service = createApiHandlers(core, { log })
  const events = new EventStream()
  const unsubscribe = core.runner.onEvent((event) => {
    events.send('job', event)
  })
  let auth: WebAuth | null = null

  const route = async (req: IncomingMessage, res: ServerResponse, gate: WebAuth): Promise<void> => {
    const url = new URL(req.url ?? '/', gate.origin)
    const { pathname } = url
    const method = req.method ?? 'GET'

    const token = url.searchParams.get('token')
    if (method === 'GET' && pathname === '/' && token !== null) {
      if (!gate.matches(token)) {
        sendPage(res, 403, 'That link is not valid any more.')
        return
      }
      // Trade the token in the URL (which sits in the terminal and in history) for an HttpOnly
      // cookie, and reload without it so it stays out of the address bar and any Referer.
      res.writeHead(303, { ...securityHeaders, 'set-cookie': gate.sessionCookie(), location: '/' })
      res.end()
      return
    }
    const isApi = pathname.startsWith('/api/')
    if (!gate.hasToken(req)) {
      if (isApi) {
        sendError(res, 401, 'unauthorized', 'Open the link `earshot web` printed.')
        return
      }
      sendPage(res, 401, 'Open the link that `earshot web` printed in the terminal.')
      return
    }
    if (!isApi) {
      if (method !== 'GET' && method !== 'HEAD') {
        sendError(res, 405, 'method', 'GET only.')
        return
      }
      return serveStatic(res, rendererDir, pathname)
    }

    if (pathname === '/api/events' && method === 'GET') {
      events.attach(res)
      return
    }
    const media = /^\/api\/media\/([^/]+)$/.exec(pathname)
    if (media && (method === 'GET' || method === 'HEAD')) {
      // Ids are UUIDs: anything needing percent-decoding names no recording.
      return serveMedia(req, res, core.recordings.get(media[1] ?? '')?.sourcePath)
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

  const server = createServer((req, res) => {
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
    url: `${gate.origin}/?token=${gate.token}`,
    origin: gate.origin,
    port,
    token: gate.token,
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

function sendPage(res: ServerResponse, status: number, message: string): void {
  const body = `<!doctype html><meta charset="utf-8"><title>Earshot</title><p>${message}</p>\n`
  res.writeHead(status, { ...securityHeaders, 'content-type': 'text/html; charset=utf-8' })
  res.end(body)
}

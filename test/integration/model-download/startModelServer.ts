import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the next requests are answered; tests change it between calls. */
export interface ModelServerPlan {
  /** Answer 200 with the whole file even when a Range was asked for. */
  ignoreRange?: boolean
  /** Send this many body bytes, then cut the connection. Applies to the next response only. */
  dropAfterBytes?: number
  /** Send this many body bytes, then go silent with the connection open. */
  stallAfterBytes?: number
  /** path → Location of a 302. */
  redirects?: Record<string, string>
  /** Send the body at about this speed (64 kB every few milliseconds), so progress can be watched. */
  bytesPerSecond?: number
}

export interface ModelServer {
  readonly origin: string
  readonly requests: { path: string; range: string | undefined }[]
  plan: ModelServerPlan
  close(): Promise<void>
}

/** A real HTTP server on 127.0.0.1 serving `files` (path → bytes) with single-range support. */
export async function startModelServer(files: Record<string, Buffer>): Promise<ModelServer> {
  const requests: ModelServer['requests'] = []
  const state = { plan: {} as ModelServerPlan }
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    requests.push({ path, range: req.headers.range })
    const { plan } = state
    const location = plan.redirects?.[path]
    if (location !== undefined) {
      res.writeHead(302, { location }).end()
      return
    }
    const file = files[path]
    if (file === undefined) {
      res.writeHead(404).end()
      return
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    let start = 0
    if (range?.[1] !== undefined && plan.ignoreRange !== true) {
      start = Number(range[1])
      if (start >= file.length) {
        res.writeHead(416, { 'content-range': `bytes */${file.length}` }).end()
        return
      }
      res.writeHead(206, {
        'content-length': file.length - start,
        'content-range': `bytes ${start}-${file.length - 1}/${file.length}`,
      })
    } else {
      res.writeHead(200, { 'content-length': file.length, 'accept-ranges': 'bytes' })
    }
    const body = file.subarray(start)
    const cut = plan.dropAfterBytes ?? plan.stallAfterBytes
    if (cut === undefined && plan.bytesPerSecond !== undefined) {
      sendPaced(res, body, plan.bytesPerSecond)
      return
    }
    if (cut === undefined) {
      res.end(body)
      return
    }
    const drop = plan.dropAfterBytes !== undefined
    plan.dropAfterBytes = undefined
    res.write(body.subarray(0, cut), () => {
      if (drop) setTimeout(() => res.destroy(), 20)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get plan() {
      return state.plan
    },
    set plan(plan) {
      state.plan = plan
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}

const PACE_CHUNK = 64 * 1024

/** Writes `body` in 64 kB chunks spaced to `bytesPerSecond`; stops when the client goes away. */
function sendPaced(res: ServerResponse, body: Buffer, bytesPerSecond: number): void {
  const interval = (PACE_CHUNK / bytesPerSecond) * 1000
  let offset = 0
  const timer = setInterval(() => {
    if (res.destroyed) {
      clearInterval(timer)
      return
    }
    const chunk = body.subarray(offset, offset + PACE_CHUNK)
    offset += chunk.length
    if (offset >= body.length) {
      clearInterval(timer)
      res.end(chunk)
    } else res.write(chunk)
  }, interval)
  res.on('close', () => {
    clearInterval(timer)
  })
}

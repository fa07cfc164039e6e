import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request a loopback receiver saw. */
export interface ReceivedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string
  atMs: number
}

/** What the receiver answers: a status, headers, a JSON body; or `hang` to never answer. */
export interface ScriptedAnswer {
  status: number
  headers?: Record<string, string>
  body?: unknown
  hang?: boolean
}

export interface Receiver {
  url: string
  origin: string
  requests: ReceivedRequest[]
  /** Decides each answer; replace it to change the receiver's mind. */
  answer: (request: ReceivedRequest) => ScriptedAnswer
  /** Resolves once `count` requests have arrived. */
  waitFor: (count: number, timeoutMs?: number) => Promise<void>
  close: () => Promise<void>
}

/** A third party's edge (a webhook endpoint, Slack, HubSpot) as a loopback HTTP server. */
export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const requests: ReceivedRequest[] = []
  const hanging: ServerResponse[] = []
  const receiver: Receiver = {
    url: '',
    origin: '',
    requests,
    answer: () => ({ status: 200, body: { ok: true } }),
    waitFor: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs
      while (requests.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} requests, got ${requests.length}.`)
        }
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    },
    close: async () => {
      for (const response of hanging) response.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve()
        }),
      )
    },
  }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers[name] = value
      }
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        atMs: Date.now(),
      }
      requests.push(request)
      const answer = receiver.answer(request)
      if (answer.hang === true) {
        hanging.push(res)
        return
      }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve()
    }),
  )
  const { port } = server.address() as AddressInfo
  receiver.origin = `http://127.0.0.1:${port}`
  receiver.url = `${receiver.origin}${path}`
  return receiver
}

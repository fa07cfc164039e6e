import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A loopback HTTP server in front of the backend that answers the first `failures` uploads with
 * 503 and proxies everything after; it records the Idempotency-Key of every upload it saw.
 */
export async function startFlakyProxy(backendUrl: string, failures: number) {
  const keys: string[] = []
  let left = failures
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req)
      if (req.method === 'POST') keys.push(String(req.headers['idempotency-key']))
      if (req.method === 'POST' && left > 0) {
        left--
        res.writeHead(503, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { code: 'unavailable', message: 'Try again later.' } }))
        return
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === 'string' &&
            !['host', 'connection', 'content-length'].includes(entry[0]),
        ),
      )
      const answer = await fetch(`${backendUrl}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 && { body }),
      })
      res.writeHead(answer.status, { 'content-type': 'application/json' })
      res.end(Buffer.from(await answer.arrayBuffer()))
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

import { createConnection, createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * A TCP proxy on loopback that forwards to `target` and keeps every byte the client sent, per
 * connection: what a network observer between Earshot and its backend would see.
 */
export async function startCaptureProxy(targetPort: number) {
  const connections: Buffer[][] = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const sent: Buffer[] = []
    connections.push(sent)
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort })
    sockets.add(client).add(upstream)
    client.on('data', (chunk: Buffer) => sent.push(Buffer.from(chunk)))
    client.pipe(upstream).pipe(client)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    /** Each connection's client-to-server bytes, in order. */
    streams: () => connections.map((chunks) => Buffer.concat(chunks)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => {
          resolve()
        })
      }),
  }
}

import type { ServerResponse } from 'node:http'
import { securityHeaders } from './securityHeaders'

const KEEPALIVE_MS = 15_000

/**
 * Server-Sent Events to every open page. SSE, not WebSocket: events only flow server → page (calls
 * go over fetch), EventSource reconnects by itself, and it needs no framing code or dependency.
 */
export class EventStream {
  private readonly clients = new Set<ServerResponse>()
  private readonly keepalive: NodeJS.Timeout

  constructor() {
    // A comment line now and then stops idle proxies and the browser from dropping the stream.
    this.keepalive = setInterval(() => {
      for (const res of this.clients) res.write(': keepalive\n\n')
    }, KEEPALIVE_MS)
    this.keepalive.unref()
  }

  attach(res: ServerResponse): void {
    res.writeHead(200, {
      ...securityHeaders,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    this.clients.add(res)
    res.on('close', () => this.clients.delete(res))
  }

  send(event: string, data: unknown): void {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
    for (const res of this.clients) res.write(frame)
  }

  dispose(): void {
    clearInterval(this.keepalive)
    for (const res of this.clients) res.end()
    this.clients.clear()
  }
}

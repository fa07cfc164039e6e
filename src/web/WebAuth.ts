import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { parseCookies } from './parseCookies'

export type Verdict = { ok: true } | { ok: false; status: number; reason: string }

/**
 * Who may talk to the web bridge: a page from this server, or a client holding this launch's token.
 *
 * - Host must be exactly `127.0.0.1:<port>`: a DNS-rebinding page (evil.example resolving to
 *   127.0.0.1) sends its own name as Host, so it is refused before anything else.
 * - Origin, when sent, must be this server: no other site (nor another localhost port) may call in.
 * - The token (32 random bytes per launch) comes as the `x-earshot-token` header (scripts, tests) or
 *   as the HttpOnly, SameSite=Strict cookie the page got by trading the `?token=` of the printed URL.
 */
export class WebAuth {
  readonly token: string
  readonly cookieName: string
  private readonly tokenBytes: Buffer

  constructor(
    readonly port: number,
    token: string = randomBytes(32).toString('base64url'),
  ) {
    this.token = token
    this.tokenBytes = Buffer.from(token)
    // Cookies ignore ports (RFC 6265 §8.5): the port in the name keeps two launches apart.
    this.cookieName = `earshot_${port}`
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** Host and Origin: checked on every request, token or not. */
  checkSource(req: IncomingMessage): Verdict {
    if (req.headers.host !== `127.0.0.1:${this.port}`) {
      return { ok: false, status: 421, reason: 'Wrong Host header.' }
    }
    const origin = req.headers.origin
    if (origin !== undefined && origin !== this.origin) {
      return { ok: false, status: 403, reason: 'Cross-origin request refused.' }
    }
    // Fetch metadata: browsers label requests other sites start, even ones without an Origin.
    const site = req.headers['sec-fetch-site']
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return { ok: false, status: 403, reason: 'Cross-site request refused.' }
    }
    return { ok: true }
  }

  hasToken(req: IncomingMessage): boolean {
    const header = req.headers['x-earshot-token']
    const presented =
      typeof header === 'string' ? header : parseCookies(req.headers.cookie).get(this.cookieName)
    return presented !== undefined && this.matches(presented)
  }

  matches(presented: string): boolean {
    const bytes = Buffer.from(presented)
    return bytes.length === this.tokenBytes.length && timingSafeEqual(bytes, this.tokenBytes)
  }

  /** Not readable by scripts, never sent on cross-site requests, gone when the browser closes. */
  sessionCookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`
  }
}

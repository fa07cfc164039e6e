import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export type Verdict = { ok: true } | { ok: false; status: number; reason: string }

/**
 * Who may talk to the web bridge (issue 9: the session stays on its own origin).
 *
 * - Host must be exactly `127.0.0.1:<port>`: a DNS-rebinding page (evil.example resolving to
 *   127.0.0.1) sends its own name as Host, so it is refused before anything else.
 * - Origin, when sent, must be this server, and Fetch Metadata (`Sec-Fetch-Site`), when sent, must
 *   say same-origin or a typed-in URL: another localhost port is same-*site* but not same-origin.
 * - The session is a token (32 random bytes per launch) sent as `Authorization: Bearer` (or
 *   `x-earshot-token`) on every API call. Never a cookie: cookies ignore ports (RFC 6265 §8.5), so a
 *   cookie set here would go to every other server on 127.0.0.1 the browser visits. The printed link
 *   carries it in the URL fragment, which browsers never send to a server (RFC 3986 §3.5); the page
 *   keeps it in sessionStorage, which is per origin, port included (HTML §11.2.3).
 * - Media elements cannot send headers, so `/api/media/<id>` also takes `?key=`, a second
 *   per-launch secret that reads media and nothing else; the page gets it from `/api/session`.
 */
export class WebAuth {
  readonly token: string
  readonly mediaKey: string
  private readonly tokenBytes: Buffer
  private readonly mediaKeyBytes: Buffer

  constructor(
    readonly port: number,
    token: string = randomBytes(32).toString('base64url'),
    mediaKey: string = randomBytes(32).toString('base64url'),
  ) {
    this.token = token
    this.mediaKey = mediaKey
    this.tokenBytes = Buffer.from(token)
    this.mediaKeyBytes = Buffer.from(mediaKey)
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`
  }

  /** What `earshot web` prints: the token after `#`, so it never reaches a server or a log. */
  get link(): string {
    return `${this.origin}/#token=${this.token}`
  }

  /** Host, Origin and Fetch Metadata: checked on every request, token or not. */
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

  /** The session token from a header; a cookie, whatever its name, is never looked at. */
  hasToken(req: IncomingMessage): boolean {
    const bearer = /^Bearer ([\w-]+)$/.exec(req.headers.authorization ?? '')?.[1]
    const header = req.headers['x-earshot-token']
    const presented = bearer ?? (typeof header === 'string' ? header : undefined)
    return presented !== undefined && same(presented, this.tokenBytes)
  }

  hasMediaKey(url: URL): boolean {
    const key = url.searchParams.get('key')
    return key !== null && same(key, this.mediaKeyBytes)
  }
}

function same(presented: string, expected: Buffer): boolean {
  const bytes = Buffer.from(presented)
  return bytes.length === expected.length && timingSafeEqual(bytes, expected)
}

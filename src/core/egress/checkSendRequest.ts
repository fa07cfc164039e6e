import { createHash, timingSafeEqual } from 'node:crypto'
import { canonicalJsonText } from './canonicalJsonText'
import { deriveIdempotencyKey } from './capacity/deriveIdempotencyKey'
import { checkDestination } from './checkDestination'
import { EgressError } from './EgressError'
import { inspectBody } from './policy/inspectBody'
import type { SendPurpose, SendRequest } from './SendRequest'
import { sendRoutes, type SendHeaderName, type SendRoute } from './sendRoutes'

/** What the gate knows about where a purpose may send, from configuration. */
export interface SendAllowlist {
  /** Allowed origins per purpose. */
  origins: ReadonlyMap<SendPurpose, ReadonlySet<string>>
  /** Path prefix (ending in `/`) of an origin whose routes do not start at `/`: the backend's. */
  basePaths: ReadonlyMap<string, string>
  /** The only Authorization value allowed, `Bearer <token>`; undefined when no token is set. */
  authorization: string | undefined
}

export interface CheckedSend {
  url: URL
  route: SendRoute
  /** The validated headers, lower-case names: the only ones passed on. */
  headers: Record<string, string>
  /** The body's parsed, schema-valid value (undefined for a route without a body). */
  json: unknown
  /** SHA-256 of the body, hex; undefined without a body. */
  bodySha256: string | undefined
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Two spellings, exactly (one bit): a case-insensitive pattern would let each request choose among
// 2^16 casings and optional spaces, bits past the body's budget (issue 10).
const json = /^application\/json(?:; charset=utf-8)?$/

/**
 * Everything `send` checks before a byte leaves (DESIGN.md §4–§5), in order: purpose, URL (canonical
 * spelling, no credentials, https off loopback, allowlisted origin, no query or fragment), method
 * and path (a route of the purpose), headers (names and exact values), body (the body policy, then
 * the purpose's schema). Throws `EgressError('blocked')` naming the rule; never echoes the data.
 */
export function checkSendRequest(
  request: SendRequest,
  body: Uint8Array | undefined,
  allowlist: SendAllowlist,
): CheckedSend {
  const routes = Object.hasOwn(sendRoutes, request.purpose)
    ? sendRoutes[request.purpose]
    : undefined
  if (routes === undefined) {
    throw blocked('unknown-purpose', `No send purpose named ${request.purpose}.`)
  }
  const url = checkUrl(request.url, allowlist.origins.get(request.purpose) ?? new Set())
  const base = allowlist.basePaths.get(url.origin) ?? '/'
  if (!url.pathname.startsWith(base)) {
    throw blocked('path-not-allowed', `${request.purpose} requests may not go to this path.`)
  }
  const rest = url.pathname.slice(base.length)
  const onPath = routes.filter((route) => route.path.test(rest))
  if (onPath.length === 0) {
    throw blocked('path-not-allowed', `${request.purpose} requests may not go to this path.`)
  }
  const route = onPath.find((candidate) => candidate.method === request.method)
  if (route === undefined) {
    throw blocked(
      'method-not-allowed',
      `${request.purpose} requests to this path may not use ${request.method.slice(0, 10)}.`,
    )
  }
  const headers = checkHeaders(request.headers ?? {}, route, allowlist.authorization)
  const json = checkBody(body, route, request.purpose)
  const installId = headers['earshot-install-id']
  if (installId !== undefined && route.installIdOf !== undefined) {
    if (installId.toLowerCase() !== route.installIdOf(json).toLowerCase()) {
      throw blocked(
        'header-value-not-allowed',
        'The earshot-install-id header must name the installation the body names.',
      )
    }
  }
  const bodySha256 =
    body === undefined || body.byteLength === 0
      ? undefined
      : createHash('sha256').update(body).digest('hex')
  // Issue 10: a random key would be 122 free bits per request; the key is the payload's own.
  if (
    route.headers.includes('idempotency-key') &&
    bodySha256 !== undefined &&
    headers['idempotency-key'] !== deriveIdempotencyKey(bodySha256)
  ) {
    throw blocked(
      'idempotency-key-not-derived',
      'The Idempotency-Key is not the one derived from the payload.',
    )
  }
  return { url, route, headers, json, bodySha256 }
}

export function blocked(rule: string, message: string): EgressError {
  return new EgressError('blocked', message, { rule })
}

/** The URL rules of every send (canonical, no credentials, no query, https off loopback, allowlisted). */
export function checkUrl(target: string, origins: ReadonlySet<string>): URL {
  let parsed: URL
  try {
    parsed = new URL(target)
  } catch {
    // No echo of the input: a refused URL may be the very data being smuggled.
    throw blocked('invalid-url', 'Not a valid URL.')
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw blocked('credentials-in-url', `Refusing a URL with credentials in it (${parsed.host}).`)
  }
  // WHATWG URL rewrites `http://2130706433/`, `http://0x7f.1/` and `http://127.1/` to 127.0.0.1,
  // and IPv6 spellings to their short form. The gate judges the URL the caller wrote, so any
  // spelling that is not already canonical is refused rather than quietly reinterpreted.
  if (parsed.href !== target) {
    throw blocked(
      'non-canonical-url',
      `Refusing a URL that is not in canonical form (${parsed.origin}).`,
    )
  }
  // Query strings and fragments are free text: the payload belongs in the inspected body.
  if (target.includes('?') || target.includes('#')) {
    throw blocked(
      'query-not-allowed',
      `Refusing a URL with a query string or fragment (${parsed.origin}).`,
    )
  }
  try {
    return checkDestination(parsed, origins)
  } catch (error) {
    if (error instanceof EgressError) throw blocked(error.code, error.message)
    throw error
  }
}

function checkHeaders(
  given: Readonly<Record<string, string>>,
  route: SendRoute,
  authorization: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [rawName, value] of Object.entries(given)) {
    const name = rawName.toLowerCase()
    if (
      !(route.headers as readonly string[]).includes(name) &&
      !((route.optionalHeaders ?? []) as readonly string[]).includes(name)
    ) {
      throw blocked(
        'header-not-allowed',
        `This request may not set the ${rawName.slice(0, 40)} header.`,
      )
    }
    if (Object.hasOwn(headers, name)) {
      throw blocked('header-not-allowed', `The ${name} header is given twice.`)
    }
    if (
      typeof value !== 'string' ||
      !headerValueAllowed(name as SendHeaderName, value, authorization)
    ) {
      throw blocked(
        authorization === undefined && name === 'authorization'
          ? 'token-not-configured'
          : 'header-value-not-allowed',
        `The ${name} header's value is not the one allowed.`,
      )
    }
    headers[name] = value
  }
  // In the route's order, whatever order the caller gave: the order would be a free choice too.
  const ordered: Record<string, string> = {}
  for (const name of route.headers) {
    const value = headers[name]
    if (value === undefined) {
      throw blocked('header-missing', `This request must set the ${name} header.`)
    }
    ordered[name] = value
  }
  for (const name of route.optionalHeaders ?? []) {
    const value = headers[name]
    if (value !== undefined) ordered[name] = value
  }
  return ordered
}

/**
 * Header values are fixed or fully shaped, so none can carry data: the Authorization value must be
 * the configured bearer token exactly (a long "token" is the obvious smuggling channel), the
 * idempotency key a UUID, the content type JSON.
 */
function headerValueAllowed(
  name: SendHeaderName,
  value: string,
  authorization: string | undefined,
): boolean {
  switch (name) {
    case 'authorization':
      return authorization !== undefined && sameSecret(value, authorization)
    case 'idempotency-key':
      return uuid.test(value)
    case 'content-type':
      return json.test(value)
    case 'earshot-install-id':
      return uuid.test(value)
  }
}

export function sameSecret(a: string, b: string): boolean {
  // Hashes first: equal lengths for timingSafeEqual, and no length oracle on the token.
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(a), digest(b))
}

/** The body as its schema parsed it (undefined for a route without a body). */
export function checkBody(
  body: Uint8Array | undefined,
  route: Pick<SendRoute, 'body' | 'method'>,
  purpose: SendPurpose,
): unknown {
  const schema = route.body
  if (schema === 'none') {
    if (body !== undefined && body.byteLength > 0) {
      throw blocked('body-not-allowed', `${purpose} ${route.method} requests carry no body.`)
    }
    return undefined
  }
  if (body === undefined || body.byteLength === 0) {
    throw blocked('body-missing', `${purpose} ${route.method} requests must carry a JSON body.`)
  }
  const verdict = inspectBody(body)
  if (!verdict.ok) throw blocked(verdict.code, verdict.reason)
  // Issue 10, finding 1: what leaves is exactly what was inspected. The parser drops duplicate
  // keys and ignores whitespace and escapes; only the canonical text of the parsed value, byte
  // for byte, may go out.
  if (!Buffer.from(canonicalJsonText(verdict.json), 'utf8').equals(body)) {
    throw blocked(
      'non-canonical-json',
      `The ${purpose} body is not in canonical JSON form (RFC 8785: sorted keys, no whitespace, no duplicate keys).`,
    )
  }
  const parsed = schema.safeParse(verdict.json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    // Path and issue code only: zod's messages can quote keys, and keys can carry data.
    const where =
      issue?.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part).slice(0, 40)}`))
        .join('') ?? ''
    throw blocked(
      'schema-mismatch',
      `The body does not match the ${purpose} schema at $${where} (${issue?.code ?? 'invalid'}).`,
    )
  }
  return parsed.data
}

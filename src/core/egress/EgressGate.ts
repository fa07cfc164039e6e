import type { AuditSink, EgressAuditEntry } from './AuditSink'
import { checkDestination } from './checkDestination'
import { EgressError } from './EgressError'
import type { EgressPurpose } from './EgressPurpose'
import { maxRedirects, purposePolicies, type EgressMethod } from './purposePolicies'

export interface EgressGateDeps {
  auditSink?: AuditSink
  clock: () => Date
  fetchImpl?: typeof fetch
  /**
   * Origins config adds to a purpose's built-in allowlist: the backend for `upload`, a loopback
   * server in tests. Each must be https, or http on a literal loopback address.
   */
  extraOrigins?: Partial<Record<EgressPurpose, readonly string[]>>
  /** Defaults for every request; a request may pass its own. */
  timeouts?: EgressTimeouts
}

export interface EgressTimeouts {
  /** From sending the request to the response headers, per redirect hop. */
  connectMs?: number
  /** Longest wait for the next chunk of the response body. */
  idleMs?: number
}

export interface DownloadRequest {
  purpose: EgressPurpose
  url: string
  headers?: Readonly<Record<string, string>>
  signal?: AbortSignal
  timeouts?: EgressTimeouts
}

/** The final (non-redirect, 2xx) response of a download, handed to the consumer. */
export interface DownloadResponse {
  readonly status: number
  /** The URL that answered, after redirects. */
  readonly url: string
  readonly headers: Headers
  /** Read it once. The idle timeout runs only while a read is pending. */
  readonly body: AsyncIterable<Uint8Array>
}

const defaultTimeouts = { connectMs: 30_000, idleMs: 60_000 } as const
const redirectStatuses = new Set([301, 302, 303, 307, 308])

/**
 * The one way out of the machine (DESIGN.md §5). Checks purpose, method, headers and destination
 * before anything is sent, writes the attempt to the audit sink first, never lets fetch follow a
 * redirect on its own, and reports every outcome. Holds no state between requests.
 */
export class EgressGate {
  private readonly fetchImpl: typeof fetch
  private readonly allowlists: ReadonlyMap<EgressPurpose, ReadonlySet<string>>

  constructor(private readonly deps: EgressGateDeps) {
    this.fetchImpl = deps.fetchImpl ?? globalThis.fetch.bind(globalThis)
    const allowlists = new Map<EgressPurpose, ReadonlySet<string>>()
    for (const purpose of Object.keys(purposePolicies) as EgressPurpose[]) {
      const extra = (deps.extraOrigins?.[purpose] ?? []).map(configuredOrigin)
      allowlists.set(purpose, new Set([...purposePolicies[purpose].origins, ...extra]))
    }
    this.allowlists = allowlists
  }

  /**
   * Streams a GET response to `consume`. No request body; redirects are followed by the gate only
   * where the purpose allows it, at most `maxRedirects` hops, each re-checked. Non-2xx answers
   * throw `http-error`. Whatever `consume` returns is returned; the connection is released after.
   */
  async download<T>(
    request: DownloadRequest,
    consume: (response: DownloadResponse) => Promise<T>,
  ): Promise<T> {
    const method: EgressMethod = 'GET'
    const policy = purposePolicies[request.purpose]
    const allowlist = this.allowlists.get(request.purpose) ?? new Set<string>()
    const timeouts = { ...defaultTimeouts, ...this.deps.timeouts, ...request.timeouts }
    const headers = request.headers ?? {}

    let url = await this.checked(request.purpose, method, request.url, () => {
      if (!policy.methods.includes(method)) {
        throw new EgressError(
          'method-not-allowed',
          `${request.purpose} requests may not use ${method}.`,
        )
      }
      for (const name of Object.keys(headers)) {
        if (!policy.requestHeaders.includes(name.toLowerCase())) {
          throw new EgressError(
            'header-not-allowed',
            `${request.purpose} requests may not set the ${name} header.`,
          )
        }
      }
      return checkDestination(request.url, allowlist)
    })

    const controller = new AbortController()
    const signal = request.signal
      ? AbortSignal.any([request.signal, controller.signal])
      : controller.signal
    let timer: ReturnType<typeof setTimeout> | undefined
    let timedOut: string | undefined
    const arm = (ms: number, what: string) => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        timedOut = `No ${what} from ${url.host} for ${ms / 1000} s.`
        controller.abort()
      }, ms)
    }
    const disarm = () => {
      clearTimeout(timer)
    }
    const failure = (cause: unknown): EgressError => {
      if (cause instanceof EgressError) return cause
      if (timedOut !== undefined) return new EgressError('timeout', timedOut, { cause })
      if (request.signal?.aborted) {
        return new EgressError('aborted', `The request to ${url.host} was cancelled.`, { cause })
      }
      return new EgressError('network-error', `The connection to ${url.host} failed.`, { cause })
    }

    try {
      for (let hop = 0; ; hop++) {
        await this.audit({ kind: 'attempt', purpose: request.purpose, method, url })
        let response: Response
        arm(timeouts.connectMs, 'response')
        try {
          // Redirects are the gate's decision, never fetch's (DESIGN.md §4/§5).
          response = await this.fetchImpl(url, { method, headers, redirect: 'manual', signal })
        } catch (cause) {
          const error = failure(cause)
          await this.audit({ kind: 'outcome', purpose: request.purpose, method, url, error })
          throw error
        } finally {
          disarm()
        }

        if (redirectStatuses.has(response.status)) {
          await response.body?.cancel().catch(() => undefined)
          const status = response.status
          await this.audit({ kind: 'outcome', purpose: request.purpose, method, url, status })
          const location = response.headers.get('location')
          url = await this.checked(request.purpose, method, location ?? url.href, () => {
            if (policy.redirects === 'refuse') {
              throw new EgressError('redirect-refused', `${url.host} answered with a redirect.`)
            }
            if (hop + 1 > maxRedirects) {
              throw new EgressError(
                'too-many-redirects',
                `More than ${maxRedirects} redirects from ${request.url}.`,
              )
            }
            if (location === null) {
              throw new EgressError('http-error', `${url.host} redirected without a Location.`, {
                status,
              })
            }
            // RFC 9110 §10.2.2: Location may be relative to the URL that answered.
            const next = new URL(location, url)
            if (url.protocol === 'https:' && next.protocol !== 'https:') {
              throw new EgressError(
                'insecure-url',
                `Refusing a redirect from https to ${next.href}.`,
              )
            }
            return checkDestination(next, allowlist)
          })
          continue
        }

        if (response.status < 200 || response.status > 299) {
          await response.body?.cancel().catch(() => undefined)
          const error = new EgressError(
            'http-error',
            `${url.host} answered ${response.status} ${response.statusText}.`.trimEnd(),
            { status: response.status },
          )
          await this.audit({
            kind: 'outcome',
            purpose: request.purpose,
            method,
            url,
            status: response.status,
            error,
          })
          throw error
        }

        let received = 0
        const source = response.body
        const idleMs = timeouts.idleMs
        const body = async function* (): AsyncGenerator<Uint8Array> {
          if (source === null) return
          // undici types the body as ReadableStream<any>; the Fetch standard makes it bytes.
          const reader = (source as ReadableStream<Uint8Array>).getReader()
          try {
            for (;;) {
              arm(idleMs, 'data')
              let chunk: Awaited<ReturnType<typeof reader.read>>
              try {
                chunk = await reader.read()
              } catch (cause) {
                throw failure(cause)
              } finally {
                disarm()
              }
              if (chunk.done) return
              received += chunk.value.byteLength
              yield chunk.value
            }
          } finally {
            reader.releaseLock()
          }
        }
        const finalUrl = url.href
        try {
          const result = await consume({
            status: response.status,
            url: finalUrl,
            headers: response.headers,
            body: body(),
          })
          await this.audit({
            kind: 'outcome',
            purpose: request.purpose,
            method,
            url,
            status: response.status,
            received,
          })
          return result
        } catch (error) {
          await this.audit({
            kind: 'outcome',
            purpose: request.purpose,
            method,
            url,
            status: response.status,
            received,
            error,
          })
          throw error
        } finally {
          await source?.cancel().catch(() => undefined)
        }
      }
    } finally {
      disarm()
      // Releases the connection if the consumer stopped reading early.
      controller.abort()
    }
  }

  /** Runs a check; a refusal is audited as `blocked` before it is thrown. */
  private async checked(
    purpose: EgressPurpose,
    method: string,
    target: string,
    check: () => URL,
  ): Promise<URL> {
    try {
      return check()
    } catch (error) {
      await this.append({
        ts: this.deps.clock().toISOString(),
        kind: 'blocked',
        purpose,
        destination: auditDestination(target),
        method,
        bytes: 0,
        reason: error instanceof EgressError ? error.code : String(error),
      })
      throw error
    }
  }

  private async audit(event: {
    kind: 'attempt' | 'outcome'
    purpose: EgressPurpose
    method: string
    url: URL
    status?: number
    received?: number
    error?: unknown
  }): Promise<void> {
    const entry: EgressAuditEntry = {
      ts: this.deps.clock().toISOString(),
      kind: event.kind,
      purpose: event.purpose,
      destination: auditDestination(event.url.href),
      method: event.method,
      bytes: 0,
      ...(event.received !== undefined && { bytesReceived: event.received }),
      ...(event.status !== undefined && { status: event.status }),
      ...(event.error !== undefined && { reason: reasonOf(event.error) }),
    }
    await this.append(entry)
  }

  private async append(entry: EgressAuditEntry): Promise<void> {
    const sink = this.deps.auditSink
    if (!sink) return
    try {
      await sink.append(entry)
    } catch (cause) {
      // Audit first (DESIGN.md §5): a request that cannot be recorded does not go out.
      throw new EgressError('audit-failed', 'Could not write the audit log entry.', { cause })
    }
  }
}

function auditDestination(target: string): string {
  try {
    const url = new URL(target)
    return `${url.origin}${url.pathname}`
  } catch {
    return target.slice(0, 200)
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof EgressError) return error.code
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code
  return 'consumer-error'
}

/** Config is held to the rule requests get (https, or http on loopback), and must be an origin. */
function configuredOrigin(entry: string): string {
  let origin: string
  try {
    origin = new URL(entry).origin
  } catch (cause) {
    throw new EgressError('invalid-url', `Not a valid allowlist origin: ${entry}.`, { cause })
  }
  const url = checkDestination(entry, new Set([origin]))
  if (url.href !== `${origin}/`) {
    throw new EgressError('invalid-url', `An allowlist entry must be an origin: ${entry}.`)
  }
  return origin
}

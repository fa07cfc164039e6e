import { createHash } from 'node:crypto'
import type { AuditLog } from '../audit/AuditLog'
import { CoreError } from '../CoreError'
import type { AuditEntryHead, AuditSink, EgressAuditEntry } from './AuditSink'
import { AuditLogSink } from './AuditLogSink'
import { backendAllowlist, type BackendConfig } from './backendAllowlist'
import type { CapacityLedger } from './capacity/CapacityLedger'
import { checkUploadCapacity } from './capacity/checkUploadCapacity'
import { measureAnalyticsBatch, type AnalyticsContext } from './capacity/measureAnalyticsBatch'
import type { AnalyticsBatch } from '../../shared/analytics'
import { checkDestination } from './checkDestination'
import { checkDownloadRequest, type CatalogFile } from './checkDownloadRequest'
import { canonicalJsonText } from './canonicalJsonText'
import { modelCatalog } from '../transcribe/model/modelCatalog'
import { checkDeliveryRequest, type DeliveryAllowlist } from './checkDeliveryRequest'
import { blocked, checkSendRequest, type SendAllowlist } from './checkSendRequest'
import type { DeliveryTarget } from './deliveryTargets'
import { connectSocket } from './connectSocket'
import { EgressError } from './EgressError'
import type { EgressPurpose } from './EgressPurpose'
import { maxRedirects, purposePolicies, type EgressMethod } from './purposePolicies'
import { readCappedBody } from './readCappedBody'
import type { SendPurpose, SendRequest, SendResponse, SendResult } from './SendRequest'
import { analyticsOrigins } from './sendRoutes'
import type { TranscriptUpload } from '../../shared/upload'
import { createUndiciAgent, type UndiciDispatcher } from './undiciDispatcher'

export type { BackendConfig } from './backendAllowlist'
export type { DeliveryTarget } from './deliveryTargets'
export type { SendPurpose, SendRequest, SendResponse, SendResult } from './SendRequest'

export interface EgressGateDeps {
  /** The hash-chained audit log (DESIGN.md §6); wrapped in an `AuditLogSink`. */
  audit?: Pick<AuditLog, 'append'> & Partial<Pick<AuditLog, 'appendAll' | 'assertIntact'>>
  /** Any other sink (tests). Exactly one of `audit` and `auditSink`: nothing leaves unaudited. */
  auditSink?: AuditSink
  clock: () => Date
  /** Replaces the network (unit tests). By default the gate uses its own undici Agent. */
  fetchImpl?: typeof fetch
  /** The backend uploads and deletions go to, and the bearer token they carry. */
  backend?: BackendConfig
  /**
   * Origins config adds to a purpose's built-in allowlist: a loopback server in tests. Each must
   * be https, or http on a literal loopback address.
   */
  extraOrigins?: Partial<Record<EgressPurpose, readonly string[]>>
  /** Defaults for every request; a request may pass its own. */
  timeouts?: EgressTimeouts
  /**
   * The per-recording capacity ledger (issue 10). Without one, no upload and no deletion leaves:
   * the budget cannot be checked.
   */
  capacity?: CapacityLedger
  /**
   * The files `download` may fetch for the model-download purpose, URL exactly (default: the
   * model catalogue). Tests point it at a loopback server.
   */
  downloadCatalog?: readonly CatalogFile[]
  /**
   * What analytics batches must name: this installation, this app version, the project key
   * (issue 10). Each one not given is counted as free bits instead.
   */
  analyticsPins?: Omit<AnalyticsContext, 'now'>
  /**
   * The team server's destinations (issue 12): the only URLs the `delivery` purpose may reach. Each
   * must be https, or http on a literal loopback address (tests).
   */
  deliveries?: readonly DeliveryTarget[]
}

export interface EgressTimeouts {
  /**
   * TCP and TLS handshake (the gate's own connector), and for downloads also from sending the
   * request to the response headers, per redirect hop.
   */
  connectMs?: number
  /** Longest wait for the next chunk of a download's response body. */
  idleMs?: number
  /** `send`: the whole exchange, request to the last byte of the answer. */
  totalMs?: number
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

const defaultTimeouts = { connectMs: 30_000, idleMs: 60_000, totalMs: 60_000 } as const
const redirectStatuses = new Set([301, 302, 303, 307, 308])
/** Receipts and Amplitude's answers are a few hundred bytes; more is not an answer we want. */
const maxResponseBytes = 1 << 20

/**
 * The one way out of the machine (DESIGN.md §5). Checks purpose, method, headers and destination
 * before anything is sent, writes the attempt to the audit sink first, never lets fetch follow a
 * redirect on its own, and reports every outcome. Holds no state between requests.
 */
export class EgressGate {
  private readonly fetchImpl: typeof fetch
  private readonly allowlists: ReadonlyMap<EgressPurpose, ReadonlySet<string>>
  private readonly sendAllowlist: SendAllowlist
  private readonly deliveryAllowlist: DeliveryAllowlist
  private readonly sink: AuditSink | undefined
  private agent: UndiciDispatcher | undefined

  constructor(private readonly deps: EgressGateDeps) {
    if (deps.audit !== undefined && deps.auditSink !== undefined) {
      throw new EgressError('audit-failed', 'Give the gate one audit sink, not two.')
    }
    this.sink = deps.audit !== undefined ? new AuditLogSink(deps.audit) : deps.auditSink
    this.fetchImpl = deps.fetchImpl ?? this.fetchThroughOwnAgent.bind(this)
    const backend = backendAllowlist(deps.backend)
    const allowlists = new Map<EgressPurpose, ReadonlySet<string>>()
    for (const purpose of Object.keys(purposePolicies) as EgressPurpose[]) {
      const extra = (deps.extraOrigins?.[purpose] ?? []).map(configuredOrigin)
      const builtIn = purpose === 'analytics' ? analyticsOrigins : purposePolicies[purpose].origins
      const fromBackend =
        purpose === 'upload' || purpose === 'deletion' || purpose === 'connection-test'
          ? backend.origins
          : []
      allowlists.set(purpose, new Set([...builtIn, ...fromBackend, ...extra]))
    }
    const deliveries = deps.deliveries ?? []
    const deliveryOrigins = new Set(
      deliveries.map((target) =>
        configuredOrigin(new URL(target.kind === 'hubspot' ? target.baseUrl : target.url).origin),
      ),
    )
    // Only the destinations' origins: `extraOrigins.delivery` opens no URL no destination names.
    allowlists.set('delivery', deliveryOrigins)
    this.deliveryAllowlist = { origins: deliveryOrigins, targets: deliveries }
    this.allowlists = allowlists
    this.sendAllowlist = {
      origins: allowlists as ReadonlyMap<SendPurpose, ReadonlySet<string>>,
      basePaths: backend.basePaths,
      authorization: backend.authorization,
    }
  }

  /**
   * The only way JSON leaves the machine (DESIGN.md §5). Checks the request against its purpose
   * (URL, method, path, headers, body policy, schema); a refusal is audited as `blocked` and thrown
   * as `EgressError('blocked')`. Otherwise the exact body is audited as an `attempt` before the
   * request starts, and the answer as an `outcome`. Redirects are refused (`redirect-refused`,
   * after auditing the 3xx); any other status is returned for the caller to judge.
   */
  async send(request: SendRequest): Promise<SendResponse> {
    const admitted = await this.admit(request)
    return this.dispatch(admitted, await this.append(admitted.attempt))
  }

  /**
   * Several requests, each checked and sent as `send` sends it and one after another, but with
   * the attempts of all that pass their checks written in one audit write (AuditSink.appendAll:
   * one fsync, a group commit) before the first of them starts: each attempt is still on the log
   * before its request leaves. Their outcomes are written together after the last answer, in one
   * write without an fsync of its own: the next batch's attempts make them durable with theirs
   * (docs/audit-format.md §6). Each result is the answer or the error `send` would have thrown for
   * that request; a refusal or a failure costs only its own request, except an audit write that
   * fails, which sends none of them (attempts) or fails every request sent (outcomes).
   */
  async sendEach(requests: readonly SendRequest[]): Promise<SendResult[]> {
    const results: SendResult[] = []
    const admitted: { index: number; request: AdmittedSend }[] = []
    for (const [index, request] of requests.entries()) {
      try {
        admitted.push({ index, request: await this.admit(request) })
      } catch (error) {
        results[index] = { ok: false, error }
      }
    }
    let heads: (AuditEntryHead | undefined)[]
    try {
      // In the order sent. The witness check pairs an outcome with its attempt by recording and
      // payload, not by position (findUnwitnessedSends), so the order is free.
      heads = await this.appendAll(admitted.map(({ request }) => request.attempt))
    } catch (error) {
      for (const { index } of admitted) results[index] = { ok: false, error }
      return results
    }
    const outcomes: EgressAuditEntry[] = []
    const sent: number[] = []
    let auditBroken: EgressError | undefined
    for (const [i, { index, request }] of admitted.entries()) {
      try {
        // The log the batch's attempts went to must still be the one on disk: if it was deleted or
        // replaced since, the rest would leave with their only record gone (AuditLog.assertSameFiles).
        if (i > 0) this.assertSinkIntact()
      } catch (error) {
        auditBroken = auditFailed(error)
      }
      if (auditBroken !== undefined) {
        results[index] = { ok: false, error: auditBroken }
        continue
      }
      sent.push(index)
      try {
        results[index] = { ok: true, response: await this.dispatch(request, heads[i], outcomes) }
      } catch (error) {
        results[index] = { ok: false, error }
      }
    }
    try {
      await this.appendAll(outcomes)
    } catch (error) {
      // The answers are not on the record: as when `send` cannot write an outcome, each request
      // sent fails with the log's error (the queue retries them under the same idempotency key).
      for (const index of sent) results[index] = { ok: false, error }
    }
    return results
  }

  /** The sink's own check that it can still be appended to, when it has one. */
  private assertSinkIntact(): void {
    this.requireSink().assertIntact?.()
  }

  /**
   * Checks a request against its purpose (URL, method, path, headers, body policy, schema) and
   * charges its capacity; a refusal is audited as `blocked` and thrown. Returns what `dispatch`
   * sends and the attempt entry to write before it does.
   */
  private async admit(request: SendRequest): Promise<AdmittedSend> {
    const purpose = request.purpose
    const method = request.method.slice(0, 16)
    // A copy, checked and sent: the caller's array could change while the audit is written.
    const body = request.body instanceof Uint8Array ? new Uint8Array(request.body) : undefined
    let url: URL
    let headers: Record<string, string>
    let witnessed: boolean
    try {
      if (request.body !== undefined && body === undefined) {
        throw new EgressError('blocked', 'The body must be bytes.', { rule: 'body-not-bytes' })
      }
      const checked =
        purpose === 'delivery'
          ? checkDeliveryRequest(request, body, this.deliveryAllowlist, this.deps.clock())
          : checkSendRequest(request, body, this.sendAllowlist)
      url = checked.url
      headers = checked.headers
      witnessed = checked.route.witnessed === true
      // Charged before the attempt is written: a request that may leave has been paid for.
      this.chargeCapacity(purpose, url, checked.json, checked.bodySha256, headers)
    } catch (error) {
      await this.append({
        ts: this.now(),
        kind: 'blocked',
        purpose,
        destination: blockedDestination(request.url),
        method,
        bytes: 0,
        reason: blockedReason(error, body),
        ...recordingOf(request),
      })
      throw error
    }
    const entry = {
      purpose,
      destination: auditDestination(url.href),
      method,
      ...recordingOf(request),
    }
    return {
      request,
      method,
      body,
      url,
      headers,
      witnessed,
      entry,
      attempt: {
        ts: this.now(),
        kind: 'attempt',
        ...entry,
        bytes: body?.byteLength ?? 0,
        ...(body !== undefined && body.byteLength > 0 && { payload: body }),
      },
    }
  }

  /**
   * Sends an admitted request whose attempt is on the log (at `attemptHead`), and audits the
   * answer: appended now, or, given `outcomes`, added to it for the caller to append (sendEach).
   */
  private async dispatch(
    admitted: AdmittedSend,
    attemptHead: AuditEntryHead | undefined,
    outcomes?: EgressAuditEntry[],
  ): Promise<SendResponse> {
    const recordOutcome = async (outcome: EgressAuditEntry): Promise<void> => {
      if (outcomes === undefined) await this.append(outcome)
      else outcomes.push(outcome)
    }
    const { request, method, body, url, witnessed, entry } = admitted
    let headers = admitted.headers
    const timeouts = { ...defaultTimeouts, ...this.deps.timeouts }
    // Witnessed heads (docs/handoff/h6.md): the entry just written, which the backend keeps. The
    // entry's hash covers the body, not the headers, so naming it here is not circular.
    const auditHead = witnessed ? validHead(attemptHead) : undefined
    if (auditHead !== undefined) {
      headers = { ...headers, 'earshot-audit-head': `${auditHead.seq}.${auditHead.hash}` }
    }

    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeouts.totalMs)
    const signal = request.signal
      ? AbortSignal.any([request.signal, controller.signal])
      : controller.signal
    let status: number
    let responseHeaders: Headers
    let responseBody: Uint8Array
    try {
      // Redirects are never followed (DESIGN.md §4): fetch hands the 3xx back as it is.
      const response = await this.fetchImpl(url.href, {
        method,
        headers,
        ...(body !== undefined && body.byteLength > 0 && { body }),
        redirect: 'manual',
        signal,
      })
      status = response.status
      responseHeaders = response.headers
      responseBody = await readCappedBody(response, maxResponseBytes)
    } catch (cause) {
      const error = sendFailure(cause, url, {
        timedOut,
        totalMs: timeouts.totalMs,
        aborted: request.signal?.aborted === true,
      })
      await recordOutcome({
        ts: this.now(),
        kind: 'outcome',
        ...entry,
        bytes: 0,
        reason: error.code,
      })
      throw error
    } finally {
      clearTimeout(timer)
    }

    const redirected = redirectStatuses.has(status) || (status >= 300 && status < 400)
    await recordOutcome({
      ts: this.now(),
      kind: 'outcome',
      ...entry,
      bytes: 0,
      status,
      ...(responseBody.byteLength > 0 && { payload: responseBody }),
      ...(redirected && { reason: 'redirect-refused' }),
    })
    if (redirected) {
      throw new EgressError('redirect-refused', `${url.host} answered ${status}, a redirect.`, {
        status,
      })
    }
    return {
      status,
      headers: responseHeaders,
      body: responseBody,
      ...(auditHead !== undefined && { auditHead }),
    }
  }

  /**
   * The capacity budget (issue 10): an upload must fit what is left of its recording's budget and
   * is charged to the ledger; a deletion may only name a recording that was uploaded.
   */
  private chargeCapacity(
    purpose: SendPurpose,
    url: URL,
    json: unknown,
    bodySha256: string | undefined,
    headers: Readonly<Record<string, string>>,
  ): void {
    // The installation header names this installation, exactly, or carries 122 free bits.
    const installId = this.deps.analyticsPins?.installId
    const named = headers['earshot-install-id']
    if (named !== undefined && installId !== undefined && named !== installId) {
      throw blocked(
        'header-value-not-allowed',
        'The earshot-install-id header must name this installation.',
      )
    }
    // Issue 12: the team server forwards text it received; its bodies are bounded by their strict
    // schemas (shared/delivery.ts), not by a device's per-recording budget.
    if (purpose === 'delivery') return
    if (purpose === 'analytics') {
      const measured = measureAnalyticsBatch(json as AnalyticsBatch, {
        ...this.deps.analyticsPins,
        now: this.deps.clock(),
      })
      if (!measured.ok) throw blocked(measured.rule, measured.reason)
      return
    }
    const ledger = this.deps.capacity
    if (purpose === 'deletion') {
      const id = url.pathname.slice(url.pathname.lastIndexOf('/') + 1)
      if (ledger === undefined || !ledger.wasUploaded(id)) {
        throw blocked(
          'deletion-not-uploaded',
          'Only a recording that was uploaded can be deleted remotely.',
        )
      }
      return
    }
    if (json === undefined || bodySha256 === undefined) return // the health check: no body
    if (ledger === undefined) {
      throw blocked('capacity-unknown', 'The gate has no capacity ledger to check uploads against.')
    }
    const upload = json as TranscriptUpload
    const facts = ledger.recording(upload.recordingId)
    if (facts === undefined) {
      throw blocked('recording-unknown', 'The upload is for a recording this device does not have.')
    }
    const verdict = checkUploadCapacity(
      upload,
      bodySha256,
      facts,
      ledger.history(upload.recordingId),
    )
    if (!verdict.ok) throw blocked(verdict.rule, verdict.reason)
    ledger.charge(upload.recordingId, verdict.charge)
  }

  /** Closes the gate's connections. The gate works again afterwards, on new ones. */
  async close(): Promise<void> {
    const agent = this.agent
    this.agent = undefined
    await agent?.close()
  }

  /**
   * Node's fetch through an undici Agent of the gate's own, whose connector opens sockets with the
   * gate's pass (the tripwire lets them out) and only to hosts on one of the allowlists.
   */
  private fetchThroughOwnAgent(
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> {
    this.agent ??= createUndiciAgent(
      connectSocket({
        connectMs: this.deps.timeouts?.connectMs ?? defaultTimeouts.connectMs,
        asGate: true,
        checkHost: (host) => {
          if (!this.allowsHost(host)) {
            throw new EgressError('destination-not-allowed', `${host} is on no allowlist.`)
          }
        },
      }),
    )
    // `dispatcher` is undici's extension to RequestInit (Node's fetch documentation).
    return fetch(input, { ...init, dispatcher: this.agent } as RequestInit)
  }

  private allowsHost(host: string): boolean {
    for (const origins of this.allowlists.values()) {
      for (const origin of origins) {
        const hostname = new URL(origin).hostname
        if (hostname === host || hostname === `[${host}]`) return true
      }
    }
    return false
  }

  private now(): string {
    return this.deps.clock().toISOString()
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
      if (request.purpose === 'model-download') {
        checkDownloadRequest(
          request.url,
          headers,
          this.deps.downloadCatalog ?? Object.values(modelCatalog),
        )
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
        // Issue 10: the whole request on the record, URL (query included) and every header.
        await this.audit({
          kind: 'attempt',
          purpose: request.purpose,
          method,
          url,
          description: describeRequest(method, url, headers),
        })
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
        reason: error instanceof EgressError ? (error.rule ?? error.code) : String(error),
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
    description?: Uint8Array
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
      ...(event.description !== undefined && { payload: event.description }),
    }
    await this.append(entry)
  }

  private async append(entry: EgressAuditEntry): Promise<AuditEntryHead | undefined> {
    const sink = this.requireSink()
    try {
      return (await sink.append(entry)) ?? undefined
    } catch (cause) {
      throw auditFailed(cause)
    }
  }

  /** Entries in order, in one write when the sink can (a group commit), else one by one. */
  private async appendAll(
    entries: readonly EgressAuditEntry[],
  ): Promise<(AuditEntryHead | undefined)[]> {
    const sink = this.requireSink()
    if (entries.length === 0) return []
    try {
      if (sink.appendAll !== undefined) {
        const heads = await sink.appendAll(entries)
        return entries.map((_, i) => heads[i] ?? undefined)
      }
      const heads: (AuditEntryHead | undefined)[] = []
      for (const entry of entries) heads.push((await sink.append(entry)) ?? undefined)
      return heads
    } catch (cause) {
      throw auditFailed(cause)
    }
  }

  private requireSink(): AuditSink {
    // Audit first (DESIGN.md §5): without a log, nothing goes out.
    if (this.sink) return this.sink
    throw new EgressError('audit-failed', 'The egress gate has no audit log to write to.')
  }
}

/**
 * Audit first (DESIGN.md §5): a request that cannot be recorded does not go out. The log's own
 * sentence (replaced file, broken seal) is the one the user can act on.
 */
function auditFailed(cause: unknown): EgressError {
  const message =
    cause instanceof CoreError ? cause.message : 'Could not write the audit log entry.'
  return new EgressError('audit-failed', message, { cause })
}

/** What `admit` checked and `dispatch` sends. */
interface AdmittedSend {
  request: SendRequest
  method: string
  body: Uint8Array | undefined
  url: URL
  headers: Record<string, string>
  witnessed: boolean
  /** The fields attempt and outcome share. */
  entry: Pick<EgressAuditEntry, 'purpose' | 'destination' | 'method' | 'recordingId'>
  attempt: EgressAuditEntry
}

/** A sink's head as the header may carry it, or undefined for a sink that keeps no chain. */
function validHead(head: AuditEntryHead | undefined): AuditEntryHead | undefined {
  if (head === undefined || !Number.isSafeInteger(head.seq) || head.seq < 1) return undefined
  return typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash)
    ? { seq: head.seq, hash: head.hash }
    : undefined
}

/** Only a string is taken: the audit log keys payloads by it (SendRequest.recordingId). */
function recordingOf(request: SendRequest): { recordingId?: string } {
  return typeof request.recordingId === 'string' ? { recordingId: request.recordingId } : {}
}

/** A download request as canonical JSON: what the attempt's payload holds. */
function describeRequest(
  method: string,
  url: URL,
  headers: Readonly<Record<string, string>>,
): Uint8Array {
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  )
  return new TextEncoder().encode(canonicalJsonText({ method, url: url.href, headers: lower }))
}

function auditDestination(target: string): string {
  try {
    const url = new URL(target)
    return `${url.origin}${url.pathname}`
  } catch {
    return target.slice(0, 200)
  }
}

/** A refused target, cut short: a URL's path or query may itself be the smuggled data. */
function blockedDestination(target: unknown): string {
  const text = typeof target === 'string' ? target : String(target)
  return auditDestination(text).slice(0, 200)
}

/** `rule: message`, and the body's digest, not the body: a refused body may be media. */
function blockedReason(error: unknown, body: Uint8Array | undefined): string {
  const rule = error instanceof EgressError ? (error.rule ?? error.code) : 'error'
  const message = error instanceof Error ? error.message : String(error)
  const digest =
    body === undefined || body.byteLength === 0
      ? ''
      : ` (body: ${body.byteLength} bytes, sha256 ${createHash('sha256').update(body).digest('hex')})`
  return `${rule}: ${message}${digest}`
}

function sendFailure(
  cause: unknown,
  url: URL,
  state: { timedOut: boolean; totalMs: number; aborted: boolean },
): EgressError {
  // undici reports a connector's error as TypeError('fetch failed', { cause }).
  for (let inner: unknown = cause; inner instanceof Error; inner = inner.cause) {
    if (inner instanceof EgressError) return inner
  }
  if (state.timedOut) {
    return new EgressError(
      'timeout',
      `No complete answer from ${url.host} within ${state.totalMs / 1000} s.`,
      { cause },
    )
  }
  if (state.aborted) {
    return new EgressError('aborted', `The request to ${url.host} was cancelled.`, { cause })
  }
  return new EgressError('network-error', `The connection to ${url.host} failed.`, { cause })
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

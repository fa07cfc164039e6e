import { createHash, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Analytics } from '../../../src/core/analytics/Analytics'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import type { EgressAuditEntry } from '../../../src/core/egress/AuditSink'
import { MemoryCapacityLedger } from '../../../src/core/egress/capacity/CapacityLedger'
import { deriveIdempotencyKey } from '../../../src/core/egress/capacity/deriveIdempotencyKey'
import { canonicalJsonText } from '../../../src/core/egress/canonicalJsonText'
import { deriveInsertId } from '../../../src/core/egress/capacity/measureAnalyticsBatch'
import {
  EgressGate,
  type EgressGateDeps,
  type SendRequest,
} from '../../../src/core/egress/EgressGate'
import { useTempDir } from '../../support/tempDir'

const backend = 'https://backend.example'
const token = 'unit-test-token-0123456789'
const encode = (value: unknown) => new TextEncoder().encode(canonicalJsonText(value))
/** The recordings this device "has": uploads of any other are refused (issue 10). */
const ledger = new MemoryCapacityLedger()

const installId = randomUUID()
const upload = () => ({
  schemaVersion: 1,
  recordingId: registered(randomUUID()),
  durationMs: 1000,
  language: 'en',
  createdAt: '2026-01-02T03:04:05.000Z',
  segments: [{ startMs: 0, endMs: 1000, text: 'hello' }],
  summary: null,
  signals: [],
  metrics: null,
  client: { appVersion: '0.1.0', installId },
})

function registered(id: string): string {
  ledger.register(id, {
    durationMs: 1000,
    createdAt: '2026-01-02T03:04:05.000Z',
    language: 'en',
    title: '',
    installId,
  })
  return id
}

const uploadRequest = (patch: Partial<SendRequest> = {}): SendRequest => {
  const body = encode(upload())
  return {
    purpose: 'upload',
    url: `${backend}/v1/transcripts`,
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      // Derived from the payload, as the upload queue derives it (issue 10).
      'idempotency-key': deriveIdempotencyKey(createHash('sha256').update(body).digest('hex')),
      'content-type': 'application/json',
    },
    body,
    ...patch,
  }
}

interface Call {
  url: string
  init: RequestInit | undefined
  auditedBefore: number
}

/** A gate over a scripted fetch: no sockets in unit tests. */
function gateWith(
  respond: (call: Call) => Promise<Response> | Response = () =>
    new Response('{"ok":true}', { status: 201 }),
  deps: Partial<EgressGateDeps> = {},
) {
  const calls: Call[] = []
  const audit: EgressAuditEntry[] = []
  const gate = new EgressGate({
    clock: () => new Date('2026-01-02T03:04:05Z'),
    auditSink: { append: (entry) => void audit.push(entry) },
    backend: { url: backend, token },
    capacity: ledger,
    fetchImpl: async (input, init) => {
      const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input
      const call = { url, init, auditedBefore: audit.length }
      calls.push(call)
      return respond(call)
    },
    ...deps,
  })
  return { gate, calls, audit }
}

describe('EgressGate.send', () => {
  it('audits the exact bytes as an attempt before fetch starts, then the outcome with the answer', async () => {
    const { gate, calls, audit } = gateWith()
    const request = uploadRequest()
    const response = await gate.send(request)
    expect(response.status).toBe(201)
    expect(new TextDecoder().decode(response.body)).toBe('{"ok":true}')
    expect(calls[0]?.auditedBefore).toBe(1)
    expect(audit.map((e) => [e.kind, e.status, e.bytes])).toEqual([
      ['attempt', undefined, request.body?.byteLength],
      ['outcome', 201, 0],
    ])
    expect(audit[0]?.payload).toEqual(request.body)
    expect(new TextDecoder().decode(audit[1]?.payload)).toBe('{"ok":true}')
    expect(calls[0]?.init).toMatchObject({ method: 'POST', redirect: 'manual' })
    expect(calls[0]?.init?.body).toEqual(request.body)
  })

  it('passes on only the checked headers, lower-cased', async () => {
    const { gate, calls } = gateWith()
    const request = uploadRequest()
    await gate.send({
      ...request,
      headers: {
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': request.headers?.['idempotency-key'] ?? '',
        'Content-Type': 'application/json; charset=utf-8',
      },
    })
    expect(Object.keys(calls[0]?.init?.headers ?? {}).sort()).toEqual([
      'authorization',
      'content-type',
      'idempotency-key',
    ])
  })

  it('sends nothing when the attempt cannot be audited', async () => {
    const { gate, calls } = gateWith(undefined, {
      auditSink: {
        append: (entry) => {
          if (entry.kind === 'attempt') throw new Error('disk full')
        },
      },
    })
    await expect(gate.send(uploadRequest())).rejects.toMatchObject({ code: 'audit-failed' })
    expect(calls).toHaveLength(0)
  })

  it('refuses to be built with two audit sinks', () => {
    expect(
      () =>
        new EgressGate({
          clock: () => new Date(0),
          audit: { append: () => ({}) as never },
          auditSink: { append: () => undefined },
        }),
    ).toThrow(expect.objectContaining({ code: 'audit-failed' }))
  })

  it('never follows a redirect: the 3xx is audited as the outcome and thrown', async () => {
    const { gate, calls, audit } = gateWith(
      () =>
        new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }),
    )
    await expect(gate.send(uploadRequest())).rejects.toMatchObject({
      code: 'redirect-refused',
      status: 302,
    })
    expect(calls).toHaveLength(1)
    expect(audit.at(-1)).toMatchObject({ kind: 'outcome', status: 302, reason: 'redirect-refused' })
  })

  it('returns a 4xx or 5xx answer to the caller, audited', async () => {
    const { gate, audit } = gateWith(() => new Response('{"error":{}}', { status: 422 }))
    await expect(gate.send(uploadRequest())).resolves.toMatchObject({ status: 422 })
    expect(audit.at(-1)).toMatchObject({ kind: 'outcome', status: 422 })
  })

  it('times out after totalMs, audited as a timeout outcome', async () => {
    const { gate, audit } = gateWith(
      ({ init }) =>
        new Promise<Response>((_, reject) => {
          init?.signal?.addEventListener('abort', () => {
            reject(new Error('aborted'))
          })
        }),
      { timeouts: { totalMs: 50 } },
    )
    await expect(gate.send(uploadRequest())).rejects.toMatchObject({ code: 'timeout' })
    expect(audit.at(-1)).toMatchObject({ kind: 'outcome', reason: 'timeout' })
  })

  it('reports a caller abort as aborted', async () => {
    const controller = new AbortController()
    const { gate } = gateWith(({ init }) => {
      controller.abort()
      return Promise.reject(init?.signal?.reason as Error)
    })
    await expect(gate.send(uploadRequest({ signal: controller.signal }))).rejects.toMatchObject({
      code: 'aborted',
    })
  })

  it('refuses an answer over 1 MiB', async () => {
    const { gate, audit } = gateWith(() => new Response(new Uint8Array((1 << 20) + 1)))
    await expect(gate.send(uploadRequest())).rejects.toMatchObject({ code: 'response-too-large' })
    expect(audit.at(-1)).toMatchObject({ kind: 'outcome', reason: 'response-too-large' })
  })

  it('refuses Authorization when no valid token is configured', async () => {
    for (const badToken of [undefined, 'short', 'a'.repeat(513), 'has space in it ok?']) {
      const { gate, calls, audit } = gateWith(undefined, {
        backend: { url: backend, token: badToken },
      })
      await expect(gate.send(uploadRequest())).rejects.toMatchObject({
        code: 'blocked',
        rule: 'token-not-configured',
      })
      expect(calls).toHaveLength(0)
      expect(audit.map((e) => e.kind)).toEqual(['blocked'])
    }
  })

  it('keeps a backend URL’s path prefix, and only that', async () => {
    const { gate } = gateWith(undefined, { backend: { url: `${backend}/earshot`, token } })
    await expect(
      gate.send(uploadRequest({ url: `${backend}/earshot/v1/transcripts` })),
    ).resolves.toMatchObject({ status: 201 })
    await expect(gate.send(uploadRequest())).rejects.toMatchObject({ rule: 'path-not-allowed' })
  })

  it('allows no backend whose URL the gate would refuse (http off loopback, a query)', async () => {
    for (const url of ['http://backend.example', `${backend}/?x=1`]) {
      const { gate } = gateWith(undefined, { backend: { url, token } })
      await expect(
        gate.send(uploadRequest({ url: `${new URL(url).origin}/v1/transcripts` })),
      ).rejects.toMatchObject({ code: 'blocked' })
    }
  })

  it('sends analytics to Amplitude’s US and EU endpoints only, with no Authorization', async () => {
    const { gate } = gateWith(() => new Response('{"code":200}'))
    // The analytics bound (issue 10): a whole second near the gate's clock, a derived insert_id.
    const event = {
      event_type: 'app_opened',
      event_properties: {},
      device_id: randomUUID(),
      time: Date.parse('2026-01-02T03:04:05Z'),
      app_version: '0.1.0',
    }
    const batch = encode({
      api_key: '0123456789abcdef0123456789abcdef',
      events: [{ ...event, insert_id: deriveInsertId(event) }],
    })
    const analytics = (url: string, headers: Record<string, string> = {}) =>
      gate.send({
        purpose: 'analytics',
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: batch,
      })
    await expect(analytics('https://api2.amplitude.com/2/httpapi')).resolves.toMatchObject({
      status: 200,
    })
    await expect(analytics('https://api.eu.amplitude.com/2/httpapi')).resolves.toMatchObject({
      status: 200,
    })
    await expect(analytics('https://api2.amplitude.com/batch')).rejects.toMatchObject({
      rule: 'path-not-allowed',
    })
    await expect(
      analytics('https://api2.amplitude.com/2/httpapi', { authorization: `Bearer ${token}` }),
    ).rejects.toMatchObject({ rule: 'header-not-allowed' })
  })

  it('records a refusal with the body’s digest, never the body', async () => {
    const { gate, audit } = gateWith()
    await expect(
      gate.send(uploadRequest({ url: `${backend}/v1/transcripts?leak=1` })),
    ).rejects.toMatchObject({ code: 'blocked', rule: 'query-not-allowed' })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ kind: 'blocked', destination: `${backend}/v1/transcripts` })
    expect(audit[0]?.payload).toBeUndefined()
    expect(audit[0]?.reason).toMatch(
      /^query-not-allowed: .* \(body: \d+ bytes, sha256 [0-9a-f]{64}\)$/,
    )
  })
})

describe('EgressGate with the real audit log', () => {
  const tempDir = useTempDir('earshot-gate-audit-')

  it('writes attempt (request bytes) and outcome (receipt bytes) to the hash chain', async () => {
    const log = AuditLog.open(join(tempDir(), 'audit.db'))
    try {
      const { gate } = gateWith(() => new Response('{"id":"x"}', { status: 201 }), {
        auditSink: undefined,
        audit: log,
      })
      const request = uploadRequest()
      await gate.send(request)
      const [attempt, outcome] = log.list()
      expect(attempt).toMatchObject({ kind: 'attempt', purpose: 'upload', method: 'POST' })
      expect(Buffer.from(attempt?.payload ?? []).equals(Buffer.from(request.body ?? []))).toBe(true)
      expect(outcome).toMatchObject({ kind: 'outcome', status: 201, bytes: 10 })
      expect(log.verify()).toMatchObject({ ok: true, entries: 2 })
    } finally {
      log.close()
    }
  })

  it('carries the analytics module’s batches (its transport, the gate’s checks)', async () => {
    const log = AuditLog.open(join(tempDir(), 'audit.db'))
    try {
      const { gate, calls } = gateWith(() => new Response('{"code":200}'), {
        auditSink: undefined,
        audit: log,
        // The module stamps events with the real time; the gate judges them by its clock.
        clock: () => new Date(),
      })
      const analytics = new Analytics({
        gate,
        settings: { enabled: () => true },
        installId: randomUUID(),
        appVersion: '0.1.0',
        apiKey: '0123456789abcdef0123456789abcdef',
        flushIntervalMillis: 10,
      })
      analytics.track({
        name: 'import_finished',
        properties: { durationBucket: '1-5m', format: 'm4a' },
      })
      await analytics.dispose()
      expect(calls.map((c) => c.url)).toEqual(['https://api2.amplitude.com/2/httpapi'])
      expect(log.list().map((e) => [e.kind, e.purpose, e.status])).toEqual([
        ['attempt', 'analytics', null],
        ['outcome', 'analytics', 200],
      ])
    } finally {
      log.close()
    }
  })
})

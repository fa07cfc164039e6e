import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { ReferenceBackend } from '../../../src/backend/ReferenceBackend'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import type { AuditEntry } from '../../../src/core/audit/types'
import { MemoryCapacityLedger } from '../../../src/core/egress/capacity/CapacityLedger'
import { deriveIdempotencyKey } from '../../../src/core/egress/capacity/deriveIdempotencyKey'
import { canonicalJsonText } from '../../../src/core/egress/canonicalJsonText'
import { EgressError } from '../../../src/core/egress/EgressError'
import { EgressGate, type EgressGateDeps } from '../../../src/core/egress/EgressGate'
import { installTripwire } from '../../../src/core/egress/tripwire'
import type { TranscriptUpload } from '../../../src/shared/upload'

export const TOKEN = 'redteam-token-0123456789abcdef'

/**
 * The capacity ledger the red team's gates share: `uploadBody` registers each recording it makes
 * (11 s, as the fixture's segments say), as the local store would know an imported recording.
 */
export const redTeamLedger = new MemoryCapacityLedger()
export const AMPLITUDE_KEY = '0123456789abcdef0123456789abcdef'

/** A loopback HTTP server that records what reaches it and answers with `respond`. */
export interface LoopbackServer {
  origin: string
  hits: { method: string; url: string; body: Buffer }[]
  close(): Promise<void>
}

export async function startLoopbackServer(
  respond: (url: string) => { status: number; headers?: Record<string, string>; body?: string },
): Promise<LoopbackServer> {
  const hits: LoopbackServer['hits'] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = request.url ?? '/'
      hits.push({ method: request.method ?? '', url, body: Buffer.concat(chunks) })
      const answer = respond(url)
      response.writeHead(answer.status, answer.headers)
      response.end(answer.body ?? '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
  return {
    origin,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}

/**
 * The world an attack runs in: the tripwire installed, a real audit log in a temp dir, the
 * reference backend on loopback, a stand-in for Amplitude on loopback, and a gate configured the
 * way the app configures it.
 */
export interface RedTeam {
  gate: EgressGate
  audit: AuditLog
  backend: ReferenceBackend
  backendUrl: string
  amplitude: LoopbackServer
  /** A gate with other config, on the same audit log. */
  gateWith(deps: Partial<EgressGateDeps>): EgressGate
  close(): Promise<void>
}

export async function startRedTeam(): Promise<RedTeam> {
  installTripwire({ allowLoopback: true })
  const dir = mkdtempSync(join(tmpdir(), 'earshot-redteam-'))
  const audit = AuditLog.open(join(dir, 'audit.db'))
  const backend = new ReferenceBackend({ token: TOKEN, dbPath: join(dir, 'backend.db') })
  const backendUrl = await backend.listen()
  const amplitude = await startLoopbackServer(() => ({ status: 200, body: '{"code":200}' }))
  const gates: EgressGate[] = []
  const gateWith = (deps: Partial<EgressGateDeps>) => {
    const gate = new EgressGate({
      clock: () => new Date(),
      audit,
      backend: { url: backendUrl, token: TOKEN },
      extraOrigins: { analytics: [amplitude.origin] },
      capacity: redTeamLedger,
      timeouts: { connectMs: 2_000, totalMs: 5_000 },
      ...deps,
    })
    gates.push(gate)
    return gate
  }
  const gate = gateWith({})
  return {
    gate,
    audit,
    backend,
    backendUrl,
    amplitude,
    gateWith,
    async close() {
      await Promise.all(gates.map((g) => g.close()))
      await backend.close()
      await amplitude.close()
      audit.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Runs an attack through the gate and checks it was refused the way DESIGN.md §5 says: thrown as
 * `EgressError('blocked')`, audited as exactly one `blocked` entry with a reason (naming `rule`),
 * written to the real audit log, with no attempt, and nothing reaching any server.
 */
export async function expectBlocked(
  team: RedTeam,
  attack: () => Promise<unknown>,
  rule: string | RegExp,
): Promise<AuditEntry> {
  const before = team.audit.list({ limit: 10_000 }).length
  const backendSeen = (await team.backend.store.requestLog()).length
  const amplitudeSeen = team.amplitude.hits.length

  const error = await attack().then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(EgressError)
  expect(error).toMatchObject({ code: 'blocked' })
  const ruleOf = (error as EgressError).rule ?? ''
  if (typeof rule === 'string') expect(ruleOf).toBe(rule)
  else expect(ruleOf).toMatch(rule)

  const added = team.audit.list({ afterSeq: before, limit: 10_000 })
  expect(added.map((entry) => entry.kind)).toEqual(['blocked'])
  const entry = added[0] as AuditEntry
  expect(entry.reason).toContain(ruleOf)
  // The refused bytes are not kept: a blocked payload may be the media itself.
  expect(entry.payload).toBeNull()
  expect(team.audit.verify()).toMatchObject({ ok: true })

  expect(await team.backend.store.requestLog()).toHaveLength(backendSeen)
  expect(team.amplitude.hits).toHaveLength(amplitudeSeen)
  return entry
}

/** A valid upload body, with `patch` applied. */
export function uploadBody(
  patch: (upload: TranscriptUpload) => void = () => undefined,
): TranscriptUpload {
  const upload: TranscriptUpload = {
    schemaVersion: 1,
    recordingId: randomUUID(),
    durationMs: 11_000,
    language: 'en',
    createdAt: '2026-01-02T03:04:05.000Z',
    segments: [
      { startMs: 0, endMs: 4_000, speaker: 'A', text: 'And so my fellow Americans' },
      {
        startMs: 4_000,
        endMs: 11_000,
        speaker: 'A',
        text: 'ask not what your country can do for you',
      },
    ],
    // A summary is sentences of the segments (issue 10: derived parts add nothing).
    summary: 'ask not what your country can do for you',
    signals: [],
    metrics: null,
    client: { appVersion: '0.1.0', installId: randomUUID() },
  }
  patch(upload)
  redTeamLedger.register(upload.recordingId, {
    durationMs: upload.durationMs,
    createdAt: upload.createdAt,
    language: upload.language,
    title: upload.title ?? '',
    installId: upload.client.installId,
  })
  return upload
}

let lastBody: Uint8Array | undefined
/**
 * Canonical JSON (RFC 8785), the only spelling the gate sends; remembered, so `uploadHeaders()`
 * derives its Idempotency-Key from the last body made.
 */
export const json = (value: unknown): Uint8Array =>
  (lastBody = new TextEncoder().encode(canonicalJsonText(value)))

/**
 * Upload headers; the Idempotency-Key derived from `body` (default: the last `json`), as
 * the app derives it, so that only what a test changes is what the gate judges.
 */
export function uploadHeaders(
  extra: Record<string, string> = {},
  body: Uint8Array | undefined = lastBody,
): Record<string, string> {
  const sha = body && createHash('sha256').update(body).digest('hex')
  return {
    authorization: `Bearer ${TOKEN}`,
    'idempotency-key': sha === undefined ? randomUUID() : deriveIdempotencyKey(sha),
    'content-type': 'application/json',
    ...extra,
  }
}

/** A valid Amplitude batch with `properties` on its one event of type `eventType`. */
export function analyticsBatch(
  eventType: string,
  properties: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): unknown {
  return {
    api_key: AMPLITUDE_KEY,
    events: [
      {
        event_type: eventType,
        event_properties: properties,
        device_id: randomUUID(),
        time: 1_767_000_000_000,
        insert_id: randomUUID(),
        app_version: '0.1.0',
        ...extra,
      },
    ],
  }
}

import { createHash, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { MemoryCapacityLedger } from '../../../src/core/egress/capacity/CapacityLedger'
import { deriveIdempotencyKey } from '../../../src/core/egress/capacity/deriveIdempotencyKey'
import { canonicalJsonText } from '../../../src/core/egress/canonicalJsonText'
import { EgressError } from '../../../src/core/egress/EgressError'
import { EgressGate, type SendRequest } from '../../../src/core/egress/EgressGate'
import { useTempDir } from '../../support/tempDir'

const backend = 'https://backend.example'
const token = 'unit-test-token-0123456789'
const installId = randomUUID()
const tempDir = useTempDir()
const logs: AuditLog[] = []
afterEach(() => {
  for (const log of logs.splice(0)) log.close()
})

/** The recordings this device "has" (issue 10: uploads of others are refused). */
const ledger = new MemoryCapacityLedger()
const registered = (id: string) => {
  ledger.register(id, {
    durationMs: 1000,
    createdAt: '2026-01-02T03:04:05.000Z',
    language: 'en',
    title: '',
    installId,
  })
  return id
}

const body = (install = installId) =>
  new TextEncoder().encode(
    canonicalJsonText({
      schemaVersion: 1,
      recordingId: registered(randomUUID()),
      durationMs: 1000,
      language: 'en',
      createdAt: '2026-01-02T03:04:05.000Z',
      segments: [{ startMs: 0, endMs: 1000, text: 'hello' }],
      summary: null,
      signals: [],
      metrics: null,
      client: { appVersion: '0.1.0', installId: install },
    }),
  )

const uploadRequest = (headers: Record<string, string> = {}, bytes = body()): SendRequest => ({
  purpose: 'upload',
  url: `${backend}/v1/transcripts`,
  method: 'POST',
  headers: {
    authorization: `Bearer ${token}`,
    // Derived from the payload, as the upload queue derives it (issue 10).
    'idempotency-key': deriveIdempotencyKey(createHash('sha256').update(bytes).digest('hex')),
    'content-type': 'application/json',
    'earshot-install-id': installId,
    ...headers,
  },
  body: bytes,
})

/** A gate on a real audit log, over a fetch that records the headers that would have left. */
function gateOnRealLog() {
  const audit = AuditLog.open(join(tempDir(), 'audit.db'))
  logs.push(audit)
  const sent: Headers[] = []
  const gate = new EgressGate({
    clock: () => new Date(),
    audit,
    backend: { url: backend, token },
    capacity: ledger,
    fetchImpl: (_url, init) => {
      sent.push(new Headers(init?.headers))
      return Promise.resolve(new Response('{}', { status: 200 }))
    },
  })
  return { gate, audit, sent }
}

describe('the gate names the audit head it wrote for a request (witnessed heads)', () => {
  it('sends the attempt entry’s seq and hash with every upload and deletion, and returns it', async () => {
    const { gate, audit, sent } = gateOnRealLog()
    const first = await gate.send(uploadRequest())
    // Only an uploaded recording may be named in a deletion (issue 10).
    const uploaded = randomUUID()
    ledger.charge(uploaded, { payloadSha256: '0'.repeat(64), bits: 0, newParts: [] })
    const second = await gate.send({
      purpose: 'deletion',
      url: `${backend}/v1/transcripts/${uploaded}`,
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}`, 'earshot-install-id': installId },
    })
    const attempts = audit.list({ kind: 'attempt' })
    expect(attempts.map((entry) => entry.seq)).toEqual([1, 3])
    expect(sent.map((headers) => headers.get('earshot-audit-head'))).toEqual(
      attempts.map((entry) => `${entry.seq}.${entry.hash}`),
    )
    expect(first.auditHead).toEqual({ seq: 1, hash: attempts[0]?.hash })
    expect(second.auditHead).toEqual({ seq: 3, hash: attempts[1]?.hash })
    expect(sent[1]?.get('earshot-install-id')).toBe(installId)
  })

  it('sends no head on reads: the health check and the audit head list', async () => {
    const { gate, sent } = gateOnRealLog()
    const authorization = `Bearer ${token}`
    await gate.send({
      purpose: 'connection-test',
      url: `${backend}/v1/health`,
      method: 'GET',
      headers: { authorization },
    })
    const list = await gate.send({
      purpose: 'upload',
      url: `${backend}/v1/audit-heads/${installId}/after/12`,
      method: 'GET',
      headers: { authorization },
    })
    expect(sent.map((headers) => headers.get('earshot-audit-head'))).toEqual([null, null])
    expect(list.auditHead).toBeUndefined()
  })

  it('refuses a caller that sets Earshot-Audit-Head itself, and audits the refusal', async () => {
    const { gate, audit, sent } = gateOnRealLog()
    const forged = uploadRequest({ 'earshot-audit-head': `99.${'a'.repeat(64)}` })
    await expect(gate.send(forged)).rejects.toMatchObject({ rule: 'header-not-allowed' })
    expect(sent).toHaveLength(0)
    expect(audit.list().map((entry) => entry.kind)).toEqual(['blocked'])
  })

  it('holds Earshot-Install-Id to a UUID, and on an upload to the installation its body names', async () => {
    const { gate, sent } = gateOnRealLog()
    await expect(gate.send(uploadRequest({ 'earshot-install-id': 'hello' }))).rejects.toMatchObject(
      { rule: 'header-value-not-allowed' },
    )
    const other = uploadRequest({ 'earshot-install-id': randomUUID() })
    const error: unknown = await gate.send(other).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EgressError)
    expect((error as EgressError).message).toMatch(/installation the body names/)
    await expect(
      gate.send({
        purpose: 'connection-test',
        url: `${backend}/v1/health`,
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, 'earshot-install-id': installId },
      }),
    ).rejects.toMatchObject({ rule: 'header-not-allowed' })
    expect(sent).toHaveLength(0)
  })

  it('sends no head when its sink keeps no chain', async () => {
    const sent: Headers[] = []
    const gate = new EgressGate({
      clock: () => new Date(),
      auditSink: { append: () => undefined },
      backend: { url: backend, token },
      capacity: ledger,
      fetchImpl: (_url, init) => {
        sent.push(new Headers(init?.headers))
        return Promise.resolve(new Response('{}', { status: 201 }))
      },
    })
    const response = await gate.send(uploadRequest())
    expect(sent[0]?.get('earshot-audit-head')).toBeNull()
    expect(response.auditHead).toBeUndefined()
  })
})

import { createHash, randomUUID } from 'node:crypto'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { readHeadFile } from '../../../src/core/audit/headFile'
import { findUnwitnessedSends } from '../../../src/core/audit/findUnwitnessedSends'
import type { AuditEntryInput } from '../../../src/core/audit/types'
import { MemoryCapacityLedger } from '../../../src/core/egress/capacity/CapacityLedger'
import { deriveIdempotencyKey } from '../../../src/core/egress/capacity/deriveIdempotencyKey'
import { canonicalJsonText } from '../../../src/core/egress/canonicalJsonText'
import { EgressGate, type SendRequest } from '../../../src/core/egress/EgressGate'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-send-each-')
const backend = 'https://backend.example'
const token = 'unit-test-token-0123456789'
const installId = randomUUID()
const ledger = new MemoryCapacityLedger()

function uploadRequest(): SendRequest {
  const recordingId = randomUUID()
  ledger.register(recordingId, {
    durationMs: 1000,
    createdAt: '2026-01-02T03:04:05.000Z',
    language: 'en',
    title: '',
    installId,
  })
  const body = new TextEncoder().encode(
    canonicalJsonText({
      schemaVersion: 1,
      recordingId,
      durationMs: 1000,
      language: 'en',
      createdAt: '2026-01-02T03:04:05.000Z',
      segments: [{ startMs: 0, endMs: 1000, text: 'hello' }],
      summary: null,
      signals: [],
      metrics: null,
      client: { appVersion: '0.1.0', installId },
    }),
  )
  return {
    purpose: 'upload',
    url: `${backend}/v1/transcripts`,
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'idempotency-key': deriveIdempotencyKey(createHash('sha256').update(body).digest('hex')),
      'content-type': 'application/json',
    },
    body,
    recordingId,
  }
}

/** What another process sees of the log right now: committed rows and the head file. */
function onDisk(path: string) {
  const db = new Database(path, { readonly: true })
  try {
    const rows = db.prepare('SELECT seq, kind FROM audit_log ORDER BY seq').all() as {
      seq: number
      kind: string
    }[]
    return { rows, head: readHeadFile(join(path, '..', 'audit.head')) }
  } finally {
    db.close()
  }
}

function gateOver(log: AuditLog, respond: (index: number) => Response | Promise<Response>) {
  const path = log.path
  const batches: number[] = []
  const seenAtFetch: ReturnType<typeof onDisk>[] = []
  /** The `Earshot-Audit-Head` of each request, as a witnessing backend would keep it. */
  const headsSent: { seq: number; hash: string }[] = []
  const gate = new EgressGate({
    clock: () => new Date(),
    audit: {
      append: (input: AuditEntryInput) => log.append(input),
      appendAll: (inputs: readonly AuditEntryInput[]) => {
        batches.push(inputs.length)
        return log.appendAll(inputs)
      },
    },
    backend: { url: backend, token },
    capacity: ledger,
    fetchImpl: async (_input, init) => {
      seenAtFetch.push(onDisk(path))
      const response = await respond(seenAtFetch.length - 1)
      const head = (init?.headers as Record<string, string>)['earshot-audit-head']
      const [seq, hash] = (head ?? '').split('.')
      if (seq !== undefined && hash !== undefined) headsSent.push({ seq: Number(seq), hash })
      return response
    },
  })
  return { gate, batches, seenAtFetch, headsSent }
}

describe('EgressGate.sendEach', () => {
  it('writes every attempt of the batch in one audit write, committed and under the head, before the first request starts', async () => {
    const log = AuditLog.open(join(tempDir(), 'audit.db'))
    const { gate, batches, seenAtFetch } = gateOver(
      log,
      () => new Response('{"ok":true}', { status: 201 }),
    )
    const requests = Array.from({ length: 5 }, uploadRequest)
    const results = await gate.sendEach(requests)
    expect(results.map((r) => r.ok && r.response.status)).toEqual([201, 201, 201, 201, 201])
    // The attempts in one write before the first request, the outcomes in one after the last.
    expect(batches).toEqual([5, 5])
    // At the first fetch, another reader already sees all five attempts and a head at the last.
    const first = seenAtFetch[0]
    expect(first?.rows.map((row) => row.kind)).toEqual(Array<string>(5).fill('attempt'))
    expect(first?.head?.seq).toBe(5)
    const kinds = onDisk(log.path).rows.map((row) => row.kind)
    expect(kinds).toEqual([
      ...Array<string>(5).fill('attempt'),
      ...Array<string>(5).fill('outcome'),
    ])
    expect(log.verify()).toMatchObject({ ok: true, entries: 10 })
    log.close()
  })

  it('a refused request is audited as blocked and costs only itself; a failed one gets its outcome', async () => {
    const log = AuditLog.open(join(tempDir(), 'audit.db'))
    const { gate } = gateOver(log, (index) => {
      if (index === 0) throw new TypeError('fetch failed')
      return new Response('{"ok":true}', { status: 201 })
    })
    const refused = { ...uploadRequest(), url: 'https://elsewhere.example/v1/transcripts' }
    const results = await gate.sendEach([uploadRequest(), refused, uploadRequest()])
    expect(
      results.map((r) => (r.ok ? r.response.status : (r.error as { code: string }).code)),
    ).toEqual(['network-error', 'blocked', 201])
    const entries = log.list()
    expect(entries.map((e) => [e.kind, e.status, e.reason])).toEqual([
      ['blocked', null, expect.stringContaining('destination') as unknown],
      ['attempt', null, null],
      ['attempt', null, null],
      ['outcome', null, 'network-error'],
      ['outcome', 201, null],
    ])
    expect(log.verify()).toMatchObject({ ok: true })
    log.close()
  })

  it('each outcome reads as the answer to its own attempt: a failed last request is no forged acceptance', async () => {
    const log = AuditLog.open(join(tempDir(), 'audit.db'))
    const { gate, headsSent } = gateOver(log, (index) => {
      if (index === 2) throw new TypeError('fetch failed')
      return new Response('{"ok":true}', { status: 201 })
    })
    const results = await gate.sendEach([uploadRequest(), uploadRequest(), uploadRequest()])
    expect(results.map((r) => r.ok)).toEqual([true, true, false])
    // The backend saw the two requests that reached it; the third never arrived.
    expect(headsSent).toHaveLength(2)
    const witness = { backend: `${backend}/`, heads: headsSent }
    expect(findUnwitnessedSends(log.list(), witness)).toBeNull()
    // Without the second request's head, its 201 is an acceptance the backend never saw.
    expect(findUnwitnessedSends(log.list(), { ...witness, heads: headsSent.slice(0, 1) })).toEqual({
      seq: headsSent[1]?.seq,
      reason: expect.stringContaining('never saw it') as unknown,
    })
    log.close()
  })

  it('sends nothing more of a batch once its log file was replaced, and fails what was sent when the outcomes cannot be written', async () => {
    const path = join(tempDir(), 'audit.db')
    const log = AuditLog.open(path)
    const { gate, seenAtFetch } = gateOver(log, (index) => {
      // While the first request is out, the log is swapped for another file.
      if (index === 0) renameSync(path, `${path}.moved`)
      return new Response('{"ok":true}', { status: 201 })
    })
    const results = await gate.sendEach([uploadRequest(), uploadRequest(), uploadRequest()])
    expect(seenAtFetch).toHaveLength(1)
    expect(results.map((r) => !r.ok && (r.error as { code: string }).code)).toEqual([
      'audit-failed',
      'audit-failed',
      'audit-failed',
    ])
    log.close()
  })

  it('sends none of the batch when its attempts cannot be written', async () => {
    let fetched = 0
    const gate = new EgressGate({
      clock: () => new Date(),
      auditSink: {
        append: () => undefined,
        appendAll: () => {
          throw new Error('disk full')
        },
      },
      backend: { url: backend, token },
      capacity: ledger,
      fetchImpl: () => {
        fetched += 1
        return Promise.resolve(new Response('{}', { status: 201 }))
      },
    })
    const results = await gate.sendEach([uploadRequest(), uploadRequest()])
    expect(fetched).toBe(0)
    expect(results.map((r) => !r.ok && (r.error as { code: string }).code)).toEqual([
      'audit-failed',
      'audit-failed',
    ])
  })
})

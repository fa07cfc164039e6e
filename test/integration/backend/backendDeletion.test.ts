import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { TranscriptUpload } from '../../../src/shared/upload'
import {
  deleteTranscript,
  postTranscript,
  teamUpload,
  useTeamBackends,
} from '../../support/teamBackend'
import { teamEngines, type TeamEngine } from '../../support/teamDatabases'

const backends = useTeamBackends()
const TOKEN = 'deletion-test-token-0123456789'

async function start(engine: TeamEngine) {
  const started = await backends.start(engine, { token: TOKEN })
  return { ...started, dbPath: started.db }
}

const upload = (text: string, overrides: Partial<TranscriptUpload> = {}) =>
  teamUpload([text], overrides)

const auth = { authorization: `Bearer ${TOKEN}` }

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  postTranscript(url, TOKEN, body, headers)

const remove = (url: string, id: string, headers: Record<string, string> = {}) =>
  deleteTranscript(url, TOKEN, id, headers)

/** Every file SQLite keeps for the database (main, WAL, shared memory), as they are on disk. */
function databaseFiles(dbPath: string): Buffer[] {
  return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path))
}

describe.each(teamEngines)('reference backend on %s: deletion that deletes', (engine) => {
  it('answers 400 for a malformed transcript id, never 500, whatever the percent-encoding', async () => {
    const { url } = await start(engine)
    for (const id of ['%E0', '%', '%FF%FE', '%C0%AF', 'not-a-uuid', '%00', 'x'.repeat(300)]) {
      const response = await remove(url, id)
      expect(response.status, id).toBe(400)
      expect(await response.json()).toMatchObject({ error: { code: 'invalid-id' } })
    }
    const heads = await fetch(`${url}/v1/audit-heads/%E0`, { headers: auth })
    expect(heads.status).toBe(400)
  })

  it('answers 410 to a retry under the same Idempotency-Key after a DELETE, and stores nothing', async () => {
    const { backend, url } = await start(engine)
    const payload = upload('please cancel the order')
    const body = JSON.stringify(payload)
    const key = randomUUID()
    expect((await post(url, body, { 'idempotency-key': key })).status).toBe(201)
    expect((await remove(url, payload.recordingId)).status).toBe(200)

    const retry = await post(url, body, { 'idempotency-key': key })
    expect(retry.status).toBe(410)
    expect(await retry.json()).toMatchObject({ error: { code: 'gone' } })
    expect(await backend.store.get(payload.recordingId)).toBeUndefined()
    expect(await backend.store.count()).toBe(0)
  })

  it('answers 410 to an old key whose bytes a newer upload of the recording replaced', async () => {
    const { backend, url } = await start(engine)
    const first = upload('first version')
    const oldKey = randomUUID()
    expect((await post(url, JSON.stringify(first), { 'idempotency-key': oldKey })).status).toBe(201)
    const second = { ...first, segments: [{ startMs: 0, endMs: 2500, text: 'second version' }] }
    expect((await post(url, JSON.stringify(second))).status).toBe(201)
    expect((await post(url, JSON.stringify(first), { 'idempotency-key': oldKey })).status).toBe(410)
    expect((await backend.store.get(first.recordingId))?.payload).toContain('second version')
  })

  it('forgets everything derived from a deleted transcript: its row, search index and signals', async () => {
    const { backend, url } = await start(engine)
    const payload = upload('we need a refund for the blender', {
      signals: [
        {
          tracker: 'pricing',
          phrase: 'refund',
          quote: 'we need a refund',
          startMs: 0,
          segmentIdx: 0,
        },
      ],
    })
    expect((await post(url, JSON.stringify(payload))).status).toBe(201)
    expect(await backend.store.derivedRows(payload.recordingId)).toBe(2)
    expect((await remove(url, payload.recordingId)).status).toBe(200)
    expect(await backend.store.derivedRows(payload.recordingId)).toBe(0)
    expect(await backend.store.get(payload.recordingId)).toBeUndefined()
    expect(await backend.store.search({ words: ['refund'], limit: 10 })).toEqual([])
  })
})

// The engine whose files are the evidence: PostgreSQL keeps dead tuples until vacuum (see
// PostgresTeamStore.delete), so only SQLite promises the bytes are gone from disk at once.
describe('reference backend on sqlite: deletion that deletes, on disk', () => {
  const engine = 'sqlite' as const
  it('leaves no byte of a deleted transcript’s words in any file of its database', async () => {
    const { backend, dbPath, url } = await start(engine)
    const word = `quux${randomUUID().replaceAll('-', '')}`
    // Long enough to spill onto overflow pages, which secure_delete must clear as well.
    const text = `${word} ${'the customer wants a refund for the broken blender '.repeat(60)}`
    const kept = upload('a transcript that stays')
    const payload = upload(text)
    expect((await post(url, JSON.stringify(kept))).status).toBe(201)
    expect((await post(url, JSON.stringify(payload))).status).toBe(201)
    const found = () => databaseFiles(dbPath).some((bytes) => bytes.includes(word))
    expect(found()).toBe(true)

    expect((await remove(url, payload.recordingId)).status).toBe(200)
    expect(found()).toBe(false)
    expect((await backend.store.get(kept.recordingId))?.payload).toContain(
      'a transcript that stays',
    )
    // The request log never held the body, and the idempotency key keeps only a hash and the id.
    await backends.closeAll()
    expect(found()).toBe(false)
  })
})

describe.each(teamEngines)('reference backend on %s: witnessed heads', (engine) => {
  const head = (seq: number) => `${seq}.${createHash('sha256').update(String(seq)).digest('hex')}`

  it('returns the head a request carried in its receipt and lists every head per installation', async () => {
    const { url } = await start(engine)
    const mine = randomUUID()
    const other = randomUUID()
    const payload = upload('hello', { client: { appVersion: '0.1.0', installId: mine } })
    const stored = await post(url, JSON.stringify(payload), { 'earshot-audit-head': head(1) })
    expect(stored.status).toBe(201)
    expect(await stored.json()).toMatchObject({
      witnessedHead: { seq: 1, hash: head(1).split('.')[1] },
    })
    const deleted = await remove(url, payload.recordingId, {
      'earshot-audit-head': head(3),
      'earshot-install-id': mine,
    })
    expect(await deleted.json()).toMatchObject({ witnessedHead: { seq: 3 } })
    await remove(url, randomUUID(), { 'earshot-audit-head': head(9), 'earshot-install-id': other })

    const listed = await fetch(`${url}/v1/audit-heads/${mine}`, { headers: auth })
    expect(listed.status).toBe(200)
    const body = (await listed.json()) as { heads: { seq: number }[]; nextAfterSeq: null }
    expect(body.heads.map((h) => h.seq)).toEqual([1, 3])
    expect(body.nextAfterSeq).toBeNull()
    // Another token sees nothing of this installation.
    const otherToken = await fetch(`${url}/v1/audit-heads/${mine}`, {
      headers: { authorization: 'Bearer another-token-0123456789' },
    })
    expect(otherToken.status).toBe(401)
  })

  it('refuses a malformed head and an installation the body contradicts, and keeps no head it cannot file', async () => {
    const { backend, url } = await start(engine)
    for (const value of [
      '1',
      '0.' + 'a'.repeat(64),
      '1.' + 'A'.repeat(64),
      `1.${'a'.repeat(63)}`,
    ]) {
      const response = await remove(url, randomUUID(), {
        'earshot-audit-head': value,
        'earshot-install-id': randomUUID(),
      })
      expect(response.status, value).toBe(400)
    }
    const anonymous = await remove(url, randomUUID(), { 'earshot-audit-head': head(2) })
    expect(anonymous.status).toBe(200)
    expect(await anonymous.json()).not.toHaveProperty('witnessedHead')
    const mismatch = await post(url, JSON.stringify(upload('x')), {
      'earshot-audit-head': head(2),
      'earshot-install-id': randomUUID(),
    })
    expect(mismatch.status).toBe(400)
    expect(await backend.store.count()).toBe(0)
  })

  it('keeps the head of an upload it stores with the transcript, and none of one it refuses', async () => {
    const { url } = await start(engine)
    const installId = randomUUID()
    const client = { appVersion: '0.1.0', installId }
    // One second of audio cannot carry this much text: the capacity check, inside the store's
    // transaction, refuses it.
    const text = 'so we talked about the renewal and the pricing again today '.repeat(8).trim()
    const tooMuch = upload(text, {
      client,
      durationMs: 1000,
      segments: [{ startMs: 0, endMs: 1000, text }],
    })
    const refused = await post(url, JSON.stringify(tooMuch), { 'earshot-audit-head': head(4) })
    expect(refused.status).toBe(422)
    const stored = await post(url, JSON.stringify(upload('hello', { client })), {
      'earshot-audit-head': head(5),
    })
    expect(stored.status).toBe(201)
    const listed = (await (
      await fetch(`${url}/v1/audit-heads/${installId}`, { headers: auth })
    ).json()) as { heads: { seq: number }[] }
    expect(listed.heads.map((h) => h.seq)).toEqual([5])
  })

  it('pages a long list of heads without splitting the two hashes of one seq', async () => {
    const { backend, url } = await start(engine)
    const installId = randomUUID()
    const tokenSha256 = createHash('sha256').update(TOKEN).digest('hex')
    const at = new Date().toISOString()
    for (let seq = 1; seq <= 2500; seq++) {
      await backend.store.witness(tokenSha256, installId, { seq, hash: 'a'.repeat(64) }, at)
    }
    await backend.store.witness(tokenSha256, installId, { seq: 2000, hash: 'b'.repeat(64) }, at)
    const first = (await (
      await fetch(`${url}/v1/audit-heads/${installId}`, { headers: auth })
    ).json()) as { heads: { seq: number }[]; nextAfterSeq: number | null }
    expect(first.nextAfterSeq).toBe(2000)
    expect(first.heads.filter((h) => h.seq === 2000)).toHaveLength(2)
    const second = (await (
      await fetch(`${url}/v1/audit-heads/${installId}/after/2000`, { headers: auth })
    ).json()) as { heads: { seq: number }[]; nextAfterSeq: number | null }
    expect(second.heads[0]?.seq).toBe(2001)
    expect(second.heads).toHaveLength(500)
    expect(second.nextAfterSeq).toBeNull()
  })
})

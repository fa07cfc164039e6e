import { createHash, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { ReferenceBackend } from '../../../src/backend/ReferenceBackend'
import { sqliteMigrations } from '../../../src/backend/store/sqlite/sqliteMigrations'
import { addTeamMember } from '../../../src/backend/teamMembers'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()
const running: ReferenceBackend[] = []
afterEach(async () => {
  for (const backend of running.splice(0)) await backend.close()
})

const TOKEN = 'single-token-era-0123456789'

describe('a backend database from the single-token era', () => {
  it('is carried forward: its rows become the member "default"’s, searchable, keys still answered', async () => {
    const dbPath = join(tempDir(), 'backend.db')
    // The schema as the single-token backend wrote it, with no schema_migrations table.
    const old = new Database(dbPath)
    old.exec(sqliteMigrations[0]?.sql ?? '')
    const recordingId = randomUUID()
    const key = randomUUID()
    const body = JSON.stringify({
      schemaVersion: 1,
      recordingId,
      durationMs: 60_000,
      language: 'en',
      createdAt: '2026-10-01T12:00:00Z',
      segments: [{ startMs: 0, endMs: 2000, speaker: 'Customer', text: 'the invoice was wrong' }],
      summary: null,
      signals: [],
      metrics: null,
      client: { appVersion: '0.1.0', installId: randomUUID() },
    })
    const sha = createHash('sha256').update(body).digest('hex')
    const at = '2026-10-01T12:00:05.000Z'
    old.prepare('INSERT INTO transcripts VALUES (?, ?, ?, ?)').run(recordingId, body, sha, at)
    old.prepare('INSERT INTO idempotency_keys VALUES (?, ?, ?, ?)').run(key, recordingId, sha, at)
    old.close()

    const backend = new ReferenceBackend({ db: dbPath, token: TOKEN })
    running.push(backend)
    const url = await backend.listen()
    const boss = (await addTeamMember(backend.store, 'boss', 'admin')).token

    const replay = await fetch(`${url}/v1/transcripts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body,
    })
    expect(replay.status).toBe(201)
    expect(await replay.json()).toMatchObject({ id: recordingId, receivedAt: at })
    const hits = await fetch(`${url}/v1/search?q=invoice`, {
      headers: { authorization: `Bearer ${boss}` },
    })
    expect(await hits.json()).toMatchObject({
      hits: [{ recordingId, member: 'default', text: 'the invoice was wrong' }],
    })
  })
})

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { auditSchema } from '../../../src/core/audit/auditSchema'
import { writeHeadFile } from '../../../src/core/audit/headFile'
import type { AuditEntryInput } from '../../../src/core/audit/types'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import { useTempDir } from '../../support/tempDir'
import { buildChain } from './support/buildChain'
import { seededRandom } from './support/seededRandom'

const tempDir = useTempDir('earshot-audit-erase-')
const WORDS = 'the-unique-words-of-call-7f3a'

function send(recordingId: string | null, kind: AuditEntryInput['kind'] = 'attempt') {
  return {
    kind,
    purpose: 'upload',
    destination: 'https://api.earshot.example/v1/transcripts',
    method: 'POST',
    payload: Buffer.from(`{"text":"${WORDS}"}`),
    status: kind === 'outcome' ? 201 : null,
    reason: null,
    recordingId,
  } satisfies AuditEntryInput
}

/** Every byte of every file in `dir` (database, WAL, head, keys) as one latin1 string. */
function everyByte(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n')
}

describe('audit payloads erased with their recording', () => {
  it('stores a recording’s payloads sealed, shows them while its key exists, and forgets them after erasePayloads', () => {
    const dir = tempDir()
    let now = Date.UTC(2026, 11, 2, 9)
    const log = AuditLog.open(join(dir, 'audit.db'), { clock: () => new Date((now += 1000)) })
    const attempt = log.append(send('rec-1'))
    log.append(send('rec-1', 'outcome'))
    log.append(send(null))

    expect(attempt).toMatchObject({ recording_id: 'rec-1', payload_cipher: 'aes-256-gcm' })
    expect(attempt.bytes).toBe(send(null).payload.byteLength)
    expect(log.list().map((e) => Buffer.from(e.payload ?? []).toString())).toEqual([
      `{"text":"${WORDS}"}`,
      `{"text":"${WORDS}"}`,
      `{"text":"${WORDS}"}`,
    ])

    log.erasePayloads('rec-1')

    const listed = log.list()
    expect(listed.map((e) => [e.payload, e.erased_at])).toEqual([
      [null, '2026-12-02T09:00:04.000Z'],
      [null, '2026-12-02T09:00:04.000Z'],
      [Buffer.from(`{"text":"${WORDS}"}`), null],
    ])
    expect(log.verify()).toMatchObject({ ok: true, entries: 3 })
    log.exportJsonl(join(dir, 'out', 'audit.jsonl'))
    log.close()
    expect(verifyJsonl({ path: join(dir, 'out', 'audit.jsonl') })).toMatchObject({
      ok: true,
      entries: 3,
    })
    // Only the entry that belongs to no recording still holds the words, in the database and
    // in the export; the sealed ones are ciphertext whose key is gone.
    const db = new Database(join(dir, 'audit.db'), { readonly: true })
    const plain = db
      .prepare('SELECT seq FROM audit_log WHERE instr(payload, ?) > 0')
      .pluck()
      .all(Buffer.from(WORDS))
    db.close()
    expect(plain).toEqual([3])
    const exported = readFileSync(join(dir, 'out', 'audit.jsonl'), 'utf8')
    const sentAsBase64 = Buffer.from(`{"text":"${WORDS}"}`).toString('base64')
    expect(exported.split(sentAsBase64).length - 1).toBe(1)
  })

  it('leaves no plaintext of an erased recording in any file of the log folder', () => {
    const dir = tempDir()
    const log = AuditLog.open(join(dir, 'audit.db'))
    log.append(send('rec-2'))
    log.append(send('rec-2', 'outcome'))
    log.erasePayloads('rec-2')
    log.close()
    expect(everyByte(dir)).not.toContain(WORDS)
  })

  it('a log written before stored form 2 still verifies, and new entries continue its chain', () => {
    const dir = tempDir()
    const path = join(dir, 'audit.db')
    const entries = buildChain(20, seededRandom(11))
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.exec(auditSchema)
    db.pragma('user_version = 1')
    const insert = db.prepare(
      `INSERT INTO audit_log VALUES (@seq, @ts, @kind, @purpose, @destination, @method, @bytes,
         @payload_sha256, @payload, @status, @reason, @prev_hash, @hash)`,
    )
    for (const entry of entries) insert.run(entry)
    db.close()
    const last = entries.at(-1)
    if (last) writeHeadFile(join(dir, 'audit.head'), { seq: last.seq, hash: last.hash })

    const log = AuditLog.open(path)
    expect(log.verify()).toMatchObject({ ok: true, entries: 20, seal: 'valid' })
    log.append(send('rec-3'))
    expect(log.verify()).toMatchObject({ ok: true, entries: 21 })
    log.exportJsonl(join(dir, 'audit.jsonl'))
    log.close()
    expect(verifyJsonl({ path: join(dir, 'audit.jsonl') })).toMatchObject({ ok: true, entries: 21 })
  })
})

import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import {
  AUDIT_SCHEMA_VERSION,
  auditSchema,
  auditSchemaV2,
  auditSchemaV3,
} from '../../../src/core/audit/auditSchema'
import { writeHeadFile } from '../../../src/core/audit/headFile'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import { useTempDir } from '../../support/tempDir'
import { buildChain } from './support/buildChain'
import { seededRandom } from './support/seededRandom'

const tempDir = useTempDir('earshot-audit-mcp-')

describe('the mcp audit purpose (schema 3)', () => {
  it('a schema 2 log is rebuilt for the new purpose, keeps verifying, and takes mcp entries', () => {
    const dir = tempDir()
    const path = join(dir, 'audit.db')
    const entries = buildChain(15, seededRandom(5))
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.exec(auditSchema)
    db.exec(auditSchemaV2)
    db.pragma('user_version = 2')
    const insert = db.prepare(
      `INSERT INTO audit_log (seq, ts, kind, purpose, destination, method, bytes, payload_sha256,
         payload, status, reason, prev_hash, hash) VALUES (@seq, @ts, @kind, @purpose,
         @destination, @method, @bytes, @payload_sha256, @payload, @status, @reason, @prev_hash,
         @hash)`,
    )
    for (const entry of entries) insert.run(entry)
    db.close()
    const last = entries.at(-1)
    if (last) writeHeadFile(join(dir, 'audit.head'), { seq: last.seq, hash: last.hash })

    const log = AuditLog.open(path)
    expect(log.verify()).toMatchObject({ ok: true, entries: 15 })
    const stored = log.append({
      kind: 'attempt',
      purpose: 'mcp',
      destination: 'mcp://claude-ai/search_calls',
      method: 'tools/call',
      payload: Buffer.from('{"jsonrpc":"2.0","id":2,"result":{}}\n'),
      status: null,
      reason: null,
    })
    expect(stored).toMatchObject({ seq: 16, purpose: 'mcp', bytes: 37 })
    expect(log.verify()).toMatchObject({ ok: true, entries: 16 })
    // Still append-only after the rebuild.
    const raw = new Database(path)
    expect(() => raw.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    expect(() => raw.prepare("UPDATE audit_log SET reason = 'x'").run()).toThrow(/append-only/)
    raw.close()
    log.exportJsonl(join(dir, 'audit.jsonl'))
    log.close()
    expect(verifyJsonl({ path: join(dir, 'audit.jsonl') })).toMatchObject({ ok: true, entries: 16 })
    const reopened = AuditLog.open(path)
    expect(reopened.verify()).toMatchObject({ ok: true, entries: 16 })
    reopened.close()
  })
})

describe('the connection-test audit purpose (schema 4)', () => {
  it('a schema 3 log is rebuilt for it, rows unchanged, and takes connection-test entries', () => {
    const dir = tempDir()
    const path = join(dir, 'audit.db')
    const log = AuditLog.open(path)
    log.append({
      kind: 'attempt',
      purpose: 'mcp',
      destination: 'mcp://claude-ai/search_calls',
      method: 'tools/call',
      payload: Buffer.from('{"jsonrpc":"2.0","id":2,"result":{}}\n'),
      status: null,
      reason: null,
    })
    log.close()
    // Back to the table of schema 3, as an Earshot before this change left it.
    const db = new Database(path)
    const before = db.prepare('SELECT * FROM audit_log ORDER BY seq').all()
    db.exec(auditSchemaV3)
    db.pragma('user_version = 3')
    expect(() => db.prepare("UPDATE audit_log SET purpose = 'connection-test'").run()).toThrow(
      /append-only/,
    )
    db.close()

    const reopened = AuditLog.open(path)
    const check = reopened.append({
      kind: 'attempt',
      purpose: 'connection-test',
      destination: 'http://127.0.0.1:9/v1/health',
      method: 'GET',
      payload: null,
      status: null,
      reason: null,
    })
    expect(check).toMatchObject({ seq: 2, purpose: 'connection-test', bytes: 0 })
    expect(reopened.verify()).toMatchObject({ ok: true, entries: 2 })
    reopened.close()
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('user_version', { simple: true })).toBe(AUDIT_SCHEMA_VERSION)
    expect(raw.prepare('SELECT * FROM audit_log WHERE seq = 1').all()).toEqual(before)
    // The CHECK still holds: a purpose nobody declared is refused by SQLite itself.
    raw.close()
    const writable = new Database(path)
    expect(() =>
      writable
        .prepare(
          `INSERT INTO audit_log (seq, ts, kind, purpose, destination, method, bytes, prev_hash, hash)
           VALUES (99, 'x', 'attempt', 'exfiltration', 'x', 'GET', 0, 'x', 'x')`,
        )
        .run(),
    ).toThrow(/CHECK constraint/)
    writable.close()
  })
})

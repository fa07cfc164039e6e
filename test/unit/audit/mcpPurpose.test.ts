import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { auditSchema, auditSchemaV2 } from '../../../src/core/audit/auditSchema'
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

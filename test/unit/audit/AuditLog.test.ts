import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { auditColumns } from '../../../src/core/audit/auditSchema'
import { hashAuditEntry } from '../../../src/core/audit/hashAuditEntry'
import { writeHeadFile } from '../../../src/core/audit/headFile'
import { sealHead } from '../../../src/core/audit/headSeal'
import type { AuditEntry, AuditEntryInput } from '../../../src/core/audit/types'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import { CoreError } from '../../../src/core/CoreError'
import { repoRoot } from '../../support/paths'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-audit-')

function upload(i: number, payload: Uint8Array | null = Buffer.from(`{"text":"call ${i}"}`)) {
  return {
    kind: 'attempt',
    purpose: 'upload',
    destination: 'https://api.earshot.example/v1/transcripts',
    method: 'POST',
    payload,
    status: null,
    reason: null,
  } satisfies AuditEntryInput
}

/** A log of `count` entries at `<dir>/audit.db`, closed. */
function makeLog(dir: string, count: number): string {
  const path = join(dir, 'audit.db')
  const log = AuditLog.open(path)
  for (let i = 1; i <= count; i += 1) log.append(upload(i, Buffer.from(`{"text":"MARKER-${i}-"}`)))
  log.close()
  return path
}

/** Runs raw SQL on the file with the append-only triggers dropped, as an attacker would. */
function tamper(path: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(path)
  raw.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete')
  raw.prepare(sql).run(...params)
  raw.close()
}

function verifyFile(path: string) {
  const log = AuditLog.open(path)
  try {
    return log.verify()
  } finally {
    log.close()
  }
}

describe('AuditLog', () => {
  it('appends chained entries that list and verify', () => {
    let now = Date.UTC(2025, 5, 1, 12)
    const log = AuditLog.open(join(tempDir(), 'data', 'audit.db'), {
      clock: () => new Date((now += 1000)),
    })
    const first = log.append(upload(1))
    const blocked = log.append({
      ...upload(2, null),
      kind: 'blocked',
      purpose: 'analytics',
      reason: 'media signature ftyp',
    })
    const outcome = log.append({ ...upload(3, new Uint8Array(0)), kind: 'outcome', status: 201 })

    expect(first).toMatchObject({
      seq: 1,
      ts: '2025-06-01T12:00:01.000Z',
      bytes: 17,
      payload_sha256: createHash('sha256').update('{"text":"call 1"}').digest('hex'),
      prev_hash: '0'.repeat(64),
    })
    expect(blocked).toMatchObject({ seq: 2, bytes: 0, payload_sha256: null, prev_hash: first.hash })
    expect(outcome).toMatchObject({ seq: 3, bytes: 0, status: 201, prev_hash: blocked.hash })
    expect(hashAuditEntry(outcome)).toBe(outcome.hash)

    const listed = (entry: AuditEntry) => ({ ...entry, erased_at: null })
    expect(log.list()).toEqual([first, blocked, outcome].map(listed))
    expect(log.list({ afterSeq: 1, limit: 1 })).toEqual([listed(blocked)])
    expect(log.list({ purpose: 'upload' }).map((e) => e.seq)).toEqual([1, 3])
    expect(log.list({ kind: 'blocked' }).map((e) => e.seq)).toEqual([2])
    expect(log.list({ newest: true, limit: 2 }).map((e) => e.seq)).toEqual([2, 3])
    expect(log.list({ newest: true, purpose: 'upload', limit: 1 })).toEqual([listed(outcome)])
    expect(Buffer.from(log.list()[0]?.payload ?? []).toString()).toBe('{"text":"call 1"}')
    expect(log.verify()).toEqual({
      ok: true,
      entries: 3,
      headSeq: 3,
      headHash: outcome.hash,
      seal: 'valid',
    })
    log.close()
  })

  it('an empty log verifies, and its head file exists from the start', () => {
    const path = join(tempDir(), 'audit.db')
    const log = AuditLog.open(path)
    expect(log.headPath).toBe(join(path, '..', 'audit.head'))
    expect(readFileSync(log.headPath, 'utf8')).toMatch(
      new RegExp(`^\\{"hash":"${'0'.repeat(64)}","seal":"[0-9a-f]{64}","seq":0\\}\\n$`),
    )
    expect(log.verify()).toEqual({
      ok: true,
      entries: 0,
      headSeq: 0,
      headHash: '0'.repeat(64),
      seal: 'valid',
    })
    log.close()
  })

  it('keeps the exact payload bytes, including bytes that are not UTF-8', () => {
    const log = AuditLog.open(join(tempDir(), 'audit.db'))
    const bytes = Uint8Array.from([0xff, 0x00, 0xfe, 0x7b, 0x0a])
    log.append(upload(1, bytes))
    bytes[0] = 0 // a caller reusing its buffer must not change what was recorded
    expect([...(log.list()[0]?.payload ?? [])]).toEqual([0xff, 0x00, 0xfe, 0x7b, 0x0a])
    expect(log.verify().ok).toBe(true)
    log.close()
  })

  it('refuses an entry it could not store faithfully', () => {
    const log = AuditLog.open(join(tempDir(), 'audit.db'))
    expect(() => log.append({ ...upload(1), purpose: 'telemetry' as never })).toThrow(CoreError)
    expect(() => log.append({ ...upload(1), reason: 'bad \ud800' })).toThrow(/invalid reason/)
    expect(() => log.append({ ...upload(1), status: 200.5 })).toThrow(/invalid status/)
    expect(log.list()).toEqual([])
    log.close()
  })

  it('is append-only through SQLite: UPDATE and DELETE raise', () => {
    const path = makeLog(tempDir(), 3)
    const raw = new Database(path)
    expect(() => raw.prepare("UPDATE audit_log SET reason = 'x' WHERE seq = 2").run()).toThrow(
      /append-only/,
    )
    expect(() => raw.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/)
    expect(raw.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(3)
    raw.close()
  })

  it('is durable: WAL journal with synchronous=FULL', () => {
    const path = makeLog(tempDir(), 1)
    const log = AuditLog.open(path)
    // Read through a second connection: the pragma values of the log's own are what matter, but
    // journal_mode is persistent, and synchronous is asserted on the log's connection below.
    const raw = new Database(path)
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
    const db = (log as unknown as { db: Database.Database }).db
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    log.close()
  })

  it('two processes appending at once never fork the chain', async () => {
    const path = join(tempDir(), 'audit.db')
    AuditLog.open(path).close()
    const child = join(repoRoot, 'test/unit/audit/support/appendFromChild.ts')
    const runs = ['a', 'b', 'c'].map(
      (tag) =>
        new Promise<number | null>((resolve, reject) => {
          const proc = spawn(process.execPath, ['--import', 'tsx', child, path, '40', tag], {
            cwd: repoRoot,
            stdio: ['ignore', 'ignore', 'inherit'],
          })
          proc.on('error', reject)
          proc.on('exit', resolve)
        }),
    )
    expect(await Promise.all(runs)).toEqual([0, 0, 0])
    const log = AuditLog.open(path)
    expect(log.verify()).toMatchObject({ ok: true, entries: 120, headSeq: 120 })
    const writers = log
      .list({ limit: 200 })
      .map((e) => JSON.parse(Buffer.from(e.payload ?? []).toString()) as { writer: string })
    expect(new Set(writers.map((w) => w.writer))).toEqual(new Set(['a', 'b', 'c']))
    log.close()
  })
})

describe('tampering with the database file', () => {
  // One 30-entry log, copied for each attack (appends fsync, so building it each time is slow).
  const ENTRIES = 30
  let templateDir = ''
  beforeAll(() => {
    templateDir = mkdtempSync(join(tmpdir(), 'earshot-audit-template-'))
    makeLog(templateDir, ENTRIES)
  })
  afterAll(() => {
    rmSync(templateDir, { recursive: true, force: true })
  })

  function attackedCopy(): string {
    const source = join(templateDir, 'audit.db')
    const dir = tempDir()
    copyFileSync(source, join(dir, 'audit.db'))
    copyFileSync(join(source, '..', 'audit.head'), join(dir, 'audit.head'))
    // The same installation's seal key: these attacks are on the files alone.
    cpSync(join(templateDir, 'keys'), join(dir, 'keys'), { recursive: true })
    return join(dir, 'audit.db')
  }

  it('an edited field shows as a hash mismatch at that entry', () => {
    const path = attackedCopy()
    tamper(path, "UPDATE audit_log SET destination = 'https://evil.example/' WHERE seq = 7")
    expect(verifyFile(path)).toEqual({ ok: false, firstBadSeq: 7, reason: 'hash mismatch' })
  })

  it('an edited payload shows as a payload_sha256 mismatch', () => {
    const path = attackedCopy()
    tamper(
      path,
      'UPDATE audit_log SET payload = ? WHERE seq = 9',
      Buffer.from('{"text":"MARKER-8-"}'),
    )
    expect(verifyFile(path)).toEqual({
      ok: false,
      firstBadSeq: 9,
      reason: 'payload_sha256 mismatch',
    })
  })

  it('a byte changed in the file itself, outside SQLite, shows', () => {
    const path = attackedCopy()
    const file = readFileSync(path)
    const at = file.indexOf('MARKER-17-')
    expect(at).toBeGreaterThan(0)
    file[at] = 'N'.charCodeAt(0)
    writeFileSync(path, file)
    expect(verifyFile(path)).toEqual({
      ok: false,
      firstBadSeq: 17,
      reason: 'payload_sha256 mismatch',
    })
  })

  it('a deleted entry shows as a seq gap', () => {
    const path = attackedCopy()
    tamper(path, 'DELETE FROM audit_log WHERE seq = 12')
    expect(verifyFile(path)).toEqual({
      ok: false,
      firstBadSeq: 12,
      reason: 'seq gap: expected 12, found 13',
    })
  })

  it('two swapped entries show at the first of them', () => {
    const path = attackedCopy()
    tamper(
      path,
      'UPDATE audit_log SET seq = CASE seq WHEN 4 THEN -5 ELSE -4 END WHERE seq IN (4, 5)',
    )
    tamper(path, 'UPDATE audit_log SET seq = -seq WHERE seq < 0')
    expect(verifyFile(path)).toMatchObject({ ok: false, firstBadSeq: 4 })
  })

  it('a forged entry inserted mid-chain shows where the chain no longer links', () => {
    const path = attackedCopy()
    const raw = new Database(path)
    raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete')
    raw.exec(
      'UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= 10; UPDATE audit_log SET seq = -seq WHERE seq < 0',
    )
    const prev = raw.prepare('SELECT hash FROM audit_log WHERE seq = 9').pluck().get() as string
    const unhashed: Omit<AuditEntry, 'hash'> = {
      seq: 10,
      ts: '2025-01-01T00:00:00.000Z',
      kind: 'attempt',
      purpose: 'upload',
      destination: 'https://api.earshot.example/v1/transcripts',
      method: 'POST',
      bytes: 0,
      payload_sha256: null,
      payload: null,
      status: null,
      reason: null,
      prev_hash: prev,
    }
    const forged = { ...unhashed, hash: hashAuditEntry(unhashed) }
    raw
      .prepare(
        `INSERT INTO audit_log (${auditColumns}) VALUES (${auditColumns.replace(/\w+/g, '@$&')})`,
      )
      .run(forged)
    raw.close()
    expect(verifyFile(path)).toEqual({
      ok: false,
      firstBadSeq: 11,
      reason: 'prev_hash does not link',
    })
  })

  it('rows cut off the end show through the head file, and appending is refused', () => {
    const path = attackedCopy()
    tamper(path, 'DELETE FROM audit_log WHERE seq > 25')
    const log = AuditLog.open(path)
    expect(log.verify()).toEqual({
      ok: false,
      firstBadSeq: 26,
      reason: `head file says seq ${ENTRIES} but log ends at 25 (truncated)`,
    })
    // Appending would move the head file to the cut-short log and erase the evidence.
    expect(() => log.append(upload(99))).toThrow(
      expect.objectContaining({ code: 'audit-log-tampered' }),
    )
    log.close()
  })

  it('a dropped table or a deleted database shows through the head file', () => {
    const path = attackedCopy()
    rmSync(path)
    expect(verifyFile(path)).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      reason: `head file says seq ${ENTRIES} but log ends at 0 (truncated)`,
    })
  })

  it('a deleted or rewritten head file shows', () => {
    const path = attackedCopy()
    const headPath = join(path, '..', 'audit.head')
    writeFileSync(headPath, `{"hash":"${'a'.repeat(64)}","seq":${ENTRIES}}\n`)
    expect(verifyFile(path)).toEqual({
      ok: false,
      firstBadSeq: ENTRIES,
      reason: 'head file is not sealed',
    })
    rmSync(headPath)
    expect(verifyFile(path)).toMatchObject({ ok: false, reason: 'head file missing' })
    const log = AuditLog.open(path)
    expect(() => log.append(upload(99))).toThrow(
      expect.objectContaining({ code: 'audit-head-missing' }),
    )
    log.close()
  })

  it('a head file one entry behind (crash between commit and head write) is accepted and caught up', () => {
    const path = attackedCopy()
    const log = AuditLog.open(path)
    const last = log.list({ afterSeq: ENTRIES - 2 })
    const behind = { seq: ENTRIES - 1, hash: last[0]?.hash ?? '' }
    const key = readFileSync(join(path, '..', 'keys', 'audit-seal.key'), 'utf8').trim()
    writeHeadFile(log.headPath, { ...behind, seal: sealHead(Buffer.from(key, 'hex'), behind) })
    expect(log.verify()).toMatchObject({ ok: true, headSeq: ENTRIES })
    log.append(upload(99))
    expect(readFileSync(log.headPath, 'utf8')).toContain(`"seq":${ENTRIES + 1}`)
    log.close()
  })
})

describe('JSON Lines export', () => {
  it('verifies on its own and carries the exact payload bytes', () => {
    const dir = tempDir()
    const log = AuditLog.open(join(dir, 'audit.db'))
    const payloads = [
      null,
      new Uint8Array(0),
      Uint8Array.from([0, 255, 10, 13]),
      Buffer.from('{"t":"Grüße ☎"}'),
    ]
    for (const [i, payload] of payloads.entries()) log.append(upload(i, payload))
    const out = join(dir, 'exports', 'audit.jsonl')
    const exported = log.exportJsonl(out)
    const report = log.verify()
    log.close()

    expect(report.ok && exported).toEqual({
      entries: 4,
      headHash: report.ok ? report.headHash : '',
    })
    // Without the key the seal cannot be checked, and the report says so.
    expect(verifyJsonl({ path: out })).toEqual({ ...report, seal: 'unchecked' })
    const text = readFileSync(out, 'utf8')
    expect(verifyJsonl({ text })).toEqual({ ...report, seal: 'unchecked' })
    const lines = text.split('\n')
    expect(lines[0]).toBe('{"format":"earshot-audit-export","version":1}')
    expect(lines.at(-2)).toMatch(
      new RegExp(
        `^\\{"head":\\{"hash":"${exported.headHash}","seal":"[0-9a-f]{64}","seq":4\\}\\}$`,
      ),
    )
    expect(lines.at(-1)).toBe('')
    const decoded = lines
      .slice(1, -2)
      .map((line) => (JSON.parse(line) as { payload: string | null }).payload)
      .map((b64) => (b64 === null ? null : [...Buffer.from(b64, 'base64')]))
    expect(decoded).toEqual(payloads.map((p) => (p === null ? null : [...p])))
  })

  it('an empty log exports an export that verifies', () => {
    const dir = tempDir()
    const log = AuditLog.open(join(dir, 'audit.db'))
    expect(log.exportJsonl(join(dir, 'audit.jsonl'))).toEqual({
      entries: 0,
      headHash: '0'.repeat(64),
    })
    log.close()
    expect(verifyJsonl({ path: join(dir, 'audit.jsonl') })).toMatchObject({ ok: true, entries: 0 })
  })

  it('something that is not an export is reported as such', () => {
    expect(verifyJsonl({ text: '' })).toMatchObject({ ok: false, firstBadSeq: 1 })
    expect(verifyJsonl({ text: '{"seq":1}\n' })).toMatchObject({
      ok: false,
      reason: 'not an Earshot audit export (bad header line)',
    })
  })
})

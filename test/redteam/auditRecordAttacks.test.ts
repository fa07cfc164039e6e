import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditLog } from '../../src/core/audit/AuditLog'
import { GENESIS_HASH, hashAuditEntry } from '../../src/core/audit/hashAuditEntry'
import { writeHeadFile } from '../../src/core/audit/headFile'
import { sealHead } from '../../src/core/audit/headSeal'
import type { AuditEntry } from '../../src/core/audit/types'
import { verifyJsonl } from '../../src/core/audit/verifyJsonl'
import { Core } from '../../src/core/app'
import { seedDataDir } from '../integration/sync/support/seedDataDir'
import { useTempDir } from '../support/tempDir'
import { startLoopbackServer, TOKEN, type LoopbackServer } from './support/redteamHarness'

const tempDir = useTempDir('earshot-redteam-audit-')
const open: { close(): Promise<void> | void }[] = []
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close()
})

async function runningApp(recordings = 1) {
  const server = await startLoopbackServer(() => ({
    status: 201,
    headers: { 'content-type': 'application/json' },
    body: '{}',
  }))
  open.push(server)
  const dataDir = tempDir()
  const ids = seedDataDir(dataDir, server.origin, recordings)
  const core = new Core({ dataDir, env: { EARSHOT_BACKEND_TOKEN: TOKEN } })
  open.push({ close: () => core.dispose() })
  return { core, dataDir, ids, server }
}

function expectNothingSent(server: LoopbackServer) {
  expect(server.hits.filter((hit) => hit.url.startsWith('/v1/transcripts'))).toEqual([])
}

describe('no append into a ghost (issue 15, finding 2)', () => {
  it('an upload after audit.db* is removed from outside the running app sends nothing and says why', async () => {
    const { core, dataDir, ids, server } = await runningApp()
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(join(dataDir, `audit.db${suffix}`), { force: true })

    await expect(core.sync.upload(ids)).rejects.toThrow(
      'The audit log file was deleted or replaced while Earshot was running, so nothing was sent; restart Earshot and run `earshot audit verify`.',
    )
    expectNothingSent(server)
  })

  it('an upload after audit.db is replaced by a copy of itself sends nothing', async () => {
    const { core, dataDir, ids, server } = await runningApp()
    const path = join(dataDir, 'audit.db')
    copyFileSync(path, `${path}.copy`)
    renameSync(`${path}.copy`, path)

    await expect(core.sync.upload(ids)).rejects.toThrow('deleted or replaced')
    expectNothingSent(server)
  })
})

describe('no head written from a ghost', () => {
  it('closing a log whose file was removed from outside leaves the real head file as it was', () => {
    const dir = tempDir()
    const log = AuditLog.open(join(dir, 'audit.db'))
    const entry = {
      purpose: 'upload',
      destination: 'https://api.earshot.example/v1/transcripts',
      method: 'POST',
      payload: Buffer.from('{"text":"x"}'),
      reason: null,
    } as const
    log.append({ ...entry, kind: 'attempt', status: null })
    log.append({ ...entry, kind: 'outcome', status: 201 })
    const head = readFileSync(join(dir, 'audit.head'), 'utf8')
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(join(dir, `audit.db${suffix}`), { force: true })
    log.close()
    expect(readFileSync(join(dir, 'audit.head'), 'utf8')).toBe(head)
  })
})

/** A log of `count` uploads at `<dir>/audit.db` (keys in `<dir>/keys`), closed. */
function makeLog(dir: string, count: number): string {
  const path = join(dir, 'audit.db')
  const log = AuditLog.open(path)
  for (let i = 1; i <= count; i += 1) {
    log.append({
      kind: 'attempt',
      purpose: 'upload',
      destination: 'https://api.earshot.example/v1/transcripts',
      method: 'POST',
      payload: Buffer.from(`{"text":"call ${i}"}`),
      status: null,
      reason: null,
    })
  }
  log.close()
  return path
}

function rows(path: string): AuditEntry[] {
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditEntry[]
  } finally {
    db.close()
  }
}

/** Rewrites the table as `entries`, re-chained from genesis, as an attacker with the files would. */
function rewrite(
  path: string,
  entries: AuditEntry[],
  rowSeal: (entry: AuditEntry) => string | null,
) {
  const db = new Database(path)
  db.exec(
    'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log',
  )
  let prev = GENESIS_HASH
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, ts, kind, purpose, destination, method, bytes, payload_sha256,
       payload, status, reason, prev_hash, hash, recording_id, payload_cipher, row_seal)
     VALUES (@seq, @ts, @kind, @purpose, @destination, @method, @bytes, @payload_sha256,
       @payload, @status, @reason, @prev_hash, @hash, @recording_id, @payload_cipher, @row_seal)`,
  )
  const out: AuditEntry[] = []
  entries.forEach((original, i) => {
    const unhashed = { ...original, seq: i + 1, prev_hash: prev, hash: undefined }
    const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) }
    insert.run({ ...entry, row_seal: rowSeal(entry) })
    prev = entry.hash
    out.push(entry)
  })
  db.close()
  return out
}

const sealKeyOf = (dir: string) =>
  Buffer.from(readFileSync(join(dir, 'keys', 'audit-seal.key'), 'utf8').trim(), 'hex')
const strangerKey = createHash('sha256').update('not this installation').digest()

function verify(path: string) {
  const log = AuditLog.open(path)
  try {
    return log.verify()
  } finally {
    log.close()
  }
}

describe('a record that cannot be quietly rewritten without the keychain (issue 15, finding 1)', () => {
  it('deleting audit.db and audit.head fails verification while the seal key exists', () => {
    const dir = tempDir()
    const path = makeLog(dir, 3)
    for (const file of ['audit.db', 'audit.db-wal', 'audit.db-shm', 'audit.head']) {
      rmSync(join(dir, file), { force: true })
    }
    const log = AuditLog.open(path)
    expect(log.verify()).toMatchObject({ ok: false, reason: 'head file missing' })
    expect(() =>
      log.append({
        kind: 'attempt',
        purpose: 'upload',
        destination: 'https://api.earshot.example/v1/transcripts',
        method: 'POST',
        payload: null,
        status: null,
        reason: null,
      }),
    ).toThrow(expect.objectContaining({ code: 'audit-head-missing' }))
    log.close()
  })

  it('removing an upload, re-chaining and rewriting the head without the key fails verification', () => {
    const dir = tempDir()
    const path = makeLog(dir, 4)
    const kept = rewrite(
      path,
      rows(path).filter((entry) => entry.seq !== 2),
      () => null,
    )
    const last = kept.at(-1) as AuditEntry
    writeHeadFile(join(dir, 'audit.head'), {
      seq: last.seq,
      hash: last.hash,
      seal: sealHead(strangerKey, last),
    })
    expect(verify(path)).toMatchObject({
      ok: false,
      reason: 'head file seal does not match (rewritten without this installation’s key)',
    })
  })

  it('appending a forged entry past the head is caught, and no later append vouches for it', () => {
    const dir = tempDir()
    const path = makeLog(dir, 3)
    const all = rows(path)
    const forged = { ...(all.at(-1) as AuditEntry), destination: 'https://evil.example/' }
    rewrite(path, [...all, forged], (entry) =>
      entry.seq <= 3 ? sealHead(sealKeyOf(dir), entry) : null,
    )
    expect(verify(path)).toEqual({
      ok: false,
      firstBadSeq: 4,
      reason: 'entry past the head file is not sealed with this installation’s key',
    })
    const log = AuditLog.open(path)
    expect(() =>
      log.append({
        kind: 'attempt',
        purpose: 'upload',
        destination: 'https://api.earshot.example/v1/transcripts',
        method: 'POST',
        payload: null,
        status: null,
        reason: null,
      }),
    ).toThrow(expect.objectContaining({ code: 'audit-log-tampered' }))
    log.close()
  })

  it('an export cut short with a recomputed head line fails when checked with the seal key', () => {
    const dir = tempDir()
    const path = makeLog(dir, 5)
    const log = AuditLog.open(path)
    log.exportJsonl(join(dir, 'audit.jsonl'))
    log.close()
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').split('\n')
    const entryLines = lines.slice(1, -2)
    const cut = entryLines.slice(0, 3)
    const lastKept = JSON.parse(cut.at(-1) as string) as { seq: number; hash: string }
    const forgedHead = {
      seq: lastKept.seq,
      hash: lastKept.hash,
      seal: sealHead(strangerKey, lastKept),
    }
    const text = [
      lines[0],
      ...cut,
      `{"head":${JSON.stringify({ hash: forgedHead.hash, seal: forgedHead.seal, seq: forgedHead.seq })}}`,
      '',
    ].join('\n')
    writeFileSync(join(dir, 'cut.jsonl'), text)

    expect(
      verifyJsonl({ path: join(dir, 'cut.jsonl') }, { sealKey: sealKeyOf(dir) }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('head line seal does not match') as unknown,
    })
    // Without the key nobody can tell, and the report says the seal went unchecked.
    expect(verifyJsonl({ path: join(dir, 'cut.jsonl') })).toMatchObject({
      ok: true,
      seal: 'unchecked',
    })
    expect(
      verifyJsonl({ path: join(dir, 'audit.jsonl') }, { sealKey: sealKeyOf(dir) }),
    ).toMatchObject({
      ok: true,
      entries: 5,
      seal: 'valid',
    })
  })
})

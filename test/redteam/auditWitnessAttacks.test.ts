import { createHash } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditLog } from '../../src/core/audit/AuditLog'
import { Core } from '../../src/core/app'
import { exportHeadLine } from '../../src/core/audit/exportFormat'
import { BACKEND_TOKEN, startBackend } from '../integration/sync/support/startBackend'
import { seedDataDir } from '../integration/sync/support/seedDataDir'
import { runCliCaptured } from '../support/runCliCaptured'
import { contentOf, eraseAuditLog, readAuditRows, rewriteAuditLog } from '../support/tamperAuditLog'
import { useTempDir } from '../support/tempDir'
import { dataFolderKey, openDataFolderSqlite } from '../support/openDataFolderDatabase'

const tempDir = useTempDir()
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Report {
  ok: boolean
  entries?: number
  firstBadSeq?: number
  reason?: string
  witnessed?: { heads: number; highestSeq: number; fetched: boolean }
}

/** A data folder with three finished recordings, the reference backend on 127.0.0.1, the CLI. */
async function setup() {
  const server = await startBackend(tempDir())
  cleanups.push(() => server.close())
  const dataDir = tempDir()
  const ids = seedDataDir(dataDir, server.url, 3)
  const cli = (args: string[]) =>
    runCliCaptured([...args, '--data-dir', dataDir], { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN })
  const verify = async (...args: string[]) => {
    const result = await cli(['audit', 'verify', '--json', ...args])
    return { code: result.code, report: JSON.parse(result.stdout) as Report }
  }
  const upload = async (id: string) => {
    const result = await cli(['upload', id, '--json'])
    expect(result.code, result.stderr).toBe(0)
  }
  /** The attacker also clears the heads Earshot kept from receipts: only the backend has them now. */
  const forgetLocalHeads = () => {
    const db = openDataFolderSqlite(dataDir, 'database')
    db.prepare('DELETE FROM witnessed_heads').run()
    db.close()
  }
  return { ...server, dataDir, ids, cli, verify, upload, forgetLocalHeads }
}

const uploadOf = (id: string) => (row: { payload: Uint8Array | null }) =>
  row.payload !== null && Buffer.from(row.payload).toString('utf8').includes(id)

describe('red team: rewriting the audit log from outside the app', () => {
  it('erasing audit.db and audit.head while the app is stopped fails verify once a backend witnessed a head', async () => {
    const { verify, upload, ids, dataDir, forgetLocalHeads } = await setup()
    await upload(ids[0] ?? '')
    expect((await verify()).report).toMatchObject({ ok: true, witnessed: { heads: 1 } })

    eraseAuditLog(dataDir)
    const local = await verify()
    expect(local.code).toBe(1)
    expect(local.report).toMatchObject({ ok: false, firstBadSeq: 1 })
    expect(local.report.reason).toMatch(/witnessed entry 1, but the log ends at 0/)

    // With the receipts' heads gone as well, the log alone says "ok: 0 entries" (the finding), and
    // the backend's record is what shows the erasure.
    forgetLocalHeads()
    const witnessed = await verify('--witness')
    expect(witnessed.code).toBe(1)
    expect(witnessed.report.ok).toBe(false)
    expect(witnessed.report.reason).toMatch(/witnessed entry 1/)
  })

  it('a consistent rewrite that removes an upload and re-chains fails once a backend witnessed a later head', async () => {
    const { verify, upload, ids, dataDir, forgetLocalHeads } = await setup()
    await upload(ids[0] ?? '')
    await upload(ids[1] ?? '')
    const first = ids[0] ?? ''
    rewriteAuditLog(dataDir, (rows) => rows.filter((row) => !uploadOf(first)(row)).map(contentOf))
    expect(readAuditRows(dataDir).some(uploadOf(first))).toBe(false)
    // The chain and head file alone are consistent: this is what used to pass.
    const alone = AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) })
    expect(alone.verify()).toMatchObject({ ok: true, entries: 2 })
    alone.close()

    const local = await verify()
    expect(local.report).toMatchObject({ ok: false })
    expect(local.report.reason).toMatch(/witnessed entry 1 with hash .* another entry there/)

    forgetLocalHeads()
    const witnessed = await verify('--witness')
    expect(witnessed.code).toBe(1)
    expect(witnessed.report).toMatchObject({ ok: false, firstBadSeq: 1 })
  })

  it('a forged tail in place of witnessed entries fails verify, even with the head file rewritten to match', async () => {
    const { verify, upload, ids, dataDir, forgetLocalHeads } = await setup()
    await upload(ids[0] ?? '')
    await upload(ids[1] ?? '')
    // Entries 3–4 (the second upload) become a refusal that never sent anything, plus padding so
    // the log is as long as before.
    rewriteAuditLog(dataDir, (rows) => {
      const kept = rows.slice(0, 2).map(contentOf)
      const forged = {
        ...contentOf(rows[2] ?? (rows[0] as never)),
        kind: 'blocked' as const,
        payload: null,
        payload_sha256: null,
        bytes: 0,
        reason: 'schema-mismatch: forged',
      }
      return [...kept, forged, { ...forged, reason: 'schema-mismatch: forged again' }]
    })
    forgetLocalHeads()
    const witnessed = await verify('--witness')
    expect(witnessed.code).toBe(1)
    expect(witnessed.report).toMatchObject({ ok: false, firstBadSeq: 3 })
    expect(witnessed.report.reason).toMatch(/witnessed entry 3/)
  })

  it('a forged record of a deletion the backend never received fails verify --witness, even appended consistently', async () => {
    const { verify, upload, ids, dataDir, url, backend } = await setup()
    const [first] = ids as [string]
    await upload(first)
    // The attacker claims the transcript was deleted at the backend: an attempt and a 200 outcome
    // appended after the real end, chained and with the head file moved along. No head contradicts
    // it, so only the backend's complete list can show that no such request ever arrived.
    rewriteAuditLog(dataDir, (rows) => {
      const contents = rows.map(contentOf)
      const last = contents.at(-1) as (typeof contents)[number]
      const deletion = {
        ...last,
        purpose: 'deletion' as const,
        method: 'DELETE',
        destination: `${url}/v1/transcripts/${first}`,
        payload: null,
        payload_sha256: null,
        bytes: 0,
        reason: null,
      }
      const answer = Buffer.from(JSON.stringify({ id: first, deletedAt: last.ts }))
      return [
        ...contents,
        { ...deletion, kind: 'attempt' as const, status: null },
        {
          ...deletion,
          kind: 'outcome' as const,
          status: 200,
          payload: answer,
          bytes: answer.length,
          payload_sha256: createHash('sha256').update(answer).digest('hex'),
        },
      ]
    })
    const local = await verify()
    expect(local.report, local.report.reason).toMatchObject({ ok: true, entries: 4 })
    const witnessed = await verify('--witness')
    expect(witnessed.code).toBe(1)
    expect(witnessed.report).toMatchObject({ ok: false, firstBadSeq: 3 })
    expect(witnessed.report.reason).toMatch(/entry 3 records a DELETE .* never saw it/)
    expect(await backend.store.get(first)).toBeDefined()
  })

  it('control: a real remote deletion passes verify --witness', async () => {
    const { verify, upload, ids, cli } = await setup()
    await upload(ids[0] ?? '')
    expect((await cli(['delete', ids[0] ?? '', '--remote'])).code).toBe(0)
    expect((await verify('--witness')).report).toMatchObject({
      ok: true,
      witnessed: { heads: 2, fetched: true },
    })
  })

  it('a cut export with a recomputed head line fails verify --file --witness, and the whole export passes', async () => {
    const { cli, verify, upload, ids, dataDir } = await setup()
    await upload(ids[0] ?? '')
    await upload(ids[1] ?? '')
    const out = join(dataDir, 'export.jsonl')
    expect((await cli(['audit', 'export', '--out', out])).code).toBe(0)
    expect((await verify('--file', out, '--witness')).report).toMatchObject({
      ok: true,
      entries: 4,
      witnessed: { heads: 2, highestSeq: 3, fetched: true },
    })

    // Header, entries 1–2, and a head line recomputed for entry 2: consistent on its own.
    const lines = readFileSync(out, 'utf8').split('\n')
    const second = JSON.parse(lines[2] ?? '') as { seq: number; hash: string }
    const cut = join(dataDir, 'cut.jsonl')
    writeFileSync(cut, [lines[0], lines[1], lines[2], exportHeadLine(second), ''].join('\n'))
    expect((await verify('--file', cut)).report).toMatchObject({ ok: true, entries: 2 })

    const witnessed = await verify('--file', cut, '--witness')
    expect(witnessed.code).toBe(1)
    expect(witnessed.report).toMatchObject({ ok: false, firstBadSeq: 3 })
    expect(witnessed.report.reason).toMatch(/witnessed entry 3, but the log ends at 2/)
  })

  it('a rewrite while the app runs fails the running app’s own verify', async () => {
    const { ids, dataDir, backend } = await setup()
    const core = new Core({ dataDir, env: { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN } })
    cleanups.push(() => core.dispose())
    const [first, second] = ids as [string, string]
    expect((await core.sync.upload([first]))[0]?.state).toBe('done')
    expect((await core.sync.upload([second]))[0]?.state).toBe('done')
    expect(await core.auditWitness.verifyLog()).toMatchObject({ ok: true, entries: 4 })

    // Another process edits the files under the running app.
    rewriteAuditLog(dataDir, (rows) => rows.filter((row) => !uploadOf(second)(row)).map(contentOf))
    const report = await core.auditWitness.verifyLog()
    expect(report).toMatchObject({ ok: false, firstBadSeq: 3 })

    // The backend kept what it saw: the heads the rewritten log contradicts.
    const tokenSha256 = createHash('sha256').update(BACKEND_TOKEN).digest('hex')
    const heads = await backend.store.heads(tokenSha256, readInstallIdFrom(dataDir), 0, 10)
    expect(heads.map((head) => head.seq)).toEqual([1, 3])
  })

  it('erasing the whole data folder leaves the backend’s record, which verify --witness --install-id holds the new log to', async () => {
    const { verify, upload, ids, dataDir, cli, url } = await setup()
    await upload(ids[0] ?? '')
    const lost = readInstallIdFrom(dataDir)
    for (const name of ['earshot.db', 'earshot.db-wal', 'earshot.db-shm']) {
      rmSync(join(dataDir, name), { force: true })
    }
    eraseAuditLog(dataDir)
    expect((await cli(['config', 'set', 'backend.url', url])).code).toBe(0)
    // A fresh installation: nothing local remembers the old one.
    expect((await verify()).report).toMatchObject({ ok: true, entries: 0 })
    const asked = await verify('--witness', '--install-id', lost)
    expect(asked.code).toBe(1)
    expect(asked.report).toMatchObject({ ok: false, firstBadSeq: 1 })
    expect(asked.report.reason).toMatch(/witnessed entry 1/)
  })

  it('erasing audit.db under a running app and then uploading never leaves a send both unrecorded and undetected', async () => {
    const { ids, dataDir, backend, verify } = await setup()
    const core = new Core({ dataDir, env: { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN } })
    cleanups.push(() => core.dispose())
    const [first, second] = ids as [string, string]
    expect((await core.sync.upload([first]))[0]?.state).toBe('done')
    // The review's `rm audit.db*`: the database and its WAL, not audit.head.
    for (const name of ['audit.db', 'audit.db-wal', 'audit.db-shm']) {
      rmSync(join(dataDir, name), { force: true })
    }
    const outcome = await core.sync.upload([second]).catch((error: unknown) => error)
    if (Array.isArray(outcome) && (outcome as { state: string }[])[0]?.state === 'done') {
      // Sent, with its entry in the unlinked file: the backend witnessed it, so any fresh look at
      // the data folder fails verification.
      expect((await verify()).report).toMatchObject({ ok: false })
      expect((await verify('--witness')).report).toMatchObject({ ok: false })
    } else {
      // Refused before sending (the gate noticed the log is gone): the backend has nothing new.
      expect(await backend.store.get(second)).toBeUndefined()
    }
  })

  it('a rewritten log that uploads again leaves two hashes for one seq at the backend', async () => {
    const { verify, upload, ids, dataDir, forgetLocalHeads, url } = await setup()
    await upload(ids[0] ?? '')
    eraseAuditLog(dataDir)
    forgetLocalHeads()
    // The erased log starts again at seq 1; its next upload is witnessed at seq 1 with another hash.
    await upload(ids[1] ?? '')
    const answer = await fetch(`${url}/v1/audit-heads/${readInstallIdFrom(dataDir)}`, {
      headers: { authorization: `Bearer ${BACKEND_TOKEN}` },
    })
    const listed = (await answer.json()) as { heads: { seq: number; hash: string }[] }
    expect(listed.heads.map((head) => head.seq)).toEqual([1, 1])
    expect(new Set(listed.heads.map((head) => head.hash)).size).toBe(2)
    const witnessed = await verify('--witness')
    expect(witnessed.report).toMatchObject({ ok: false, firstBadSeq: 1 })
  })
})

function readInstallIdFrom(dataDir: string): string {
  const db = openDataFolderSqlite(dataDir, 'database', { readonly: true })
  try {
    return db.prepare(`SELECT value FROM meta WHERE key = 'installId'`).pluck().get() as string
  } finally {
    db.close()
  }
}

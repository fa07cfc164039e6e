import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import { DerivedStore } from '../../../src/core/store/DerivedStore'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedDataDir } from '../sync/support/seedDataDir'
import { BACKEND_TOKEN, startBackend } from '../sync/support/startBackend'
import {
  dataFolderKey,
  openDataFolderDatabase,
  openDataFolderSqlite,
} from '../../support/openDataFolderDatabase'
import { readableBytes } from '../deletion/support/findInFiles'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * A data folder with uploaded recordings (so there are receipts and audit entries), derived data,
 * a deletion, and one recording whose source is a real file on disk with random "media" bytes.
 */
async function library() {
  const server = await startBackend(tempDir())
  cleanups.push(() => server.close())
  const dataDir = tempDir()
  const ids = seedDataDir(dataDir, server.url, 3)
  const media = randomBytes(64 * 1024)
  const mediaPath = join(tempDir(), 'call.wav')
  writeFileSync(mediaPath, media)
  const db = openDataFolderDatabase(dataDir)
  const recordings = new RecordingStore(db)
  const derived = new DerivedStore(db)
  recordings.insert({
    id: 'local-only',
    title: 'call.wav',
    sourcePath: mediaPath,
    sourceSha256: 'f'.repeat(64),
    bytes: media.byteLength,
    container: 'wav',
    durationMs: 2000,
    channels: 2,
    importedAt: '2026-11-21T10:00:00.000Z',
    status: 'done',
  })
  recordings.appendSegment('local-only', {
    startMs: 0,
    endMs: 1000,
    text: 'Acme is cheaper',
    speaker: 'Speaker 1',
    confidence: null,
  })
  recordings.saveChannelEnergy('local-only', 100, 2, Float32Array.from([0.1, 0.2]))
  derived.saveDerived('local-only', {
    signals: [
      {
        tracker: 'competitor',
        phrase: 'Acme',
        quote: 'Acme is cheaper',
        startMs: 0,
        segmentIdx: 0,
      },
    ],
    metrics: null,
    summary: { text: 'Acme is cheaper', keyMoments: [] },
  })
  derived.renameSpeaker('local-only', 'Speaker 1', 'Customer')
  db.close()
  const cli = (args: string[]) =>
    runCliCaptured([...args, '--data-dir', dataDir], { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN })
  expect((await cli(['upload', ...ids.slice(0, 2)])).code).toBe(0)
  expect((await cli(['delete', ids[2] ?? ''])).code).toBe(0)
  return { dataDir, ids, media, cli }
}

const text = (files: Record<string, Uint8Array>, path: string) =>
  Buffer.from(files[path] ?? new Uint8Array()).toString('utf8')

describe('earshot export --all', () => {
  it('writes one zip with everything, a manifest that checks out, and a verifiable audit log', async () => {
    const { dataDir, ids, media, cli } = await library()
    const out = join(tempDir(), 'export', 'earshot.zip')
    const result = await cli(['export', '--all', '--out', out, '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)

    const files = unzipSync(readFileSync(out))
    const manifest = JSON.parse(text(files, 'manifest.json')) as {
      counts: Record<string, number>
      files: { path: string; bytes: number; sha256: string }[]
    }
    expect(JSON.parse(result.stdout)).toMatchObject({ out, counts: manifest.counts })
    expect(manifest.counts).toEqual({
      recordings: 3,
      segments: 5,
      signals: 1,
      metrics: 0,
      summaries: 1,
      uploads: 2,
      deletions: 1,
      auditEntries: 4,
    })
    const listed = manifest.files.map((f) => f.path).sort()
    expect(listed).toEqual(
      Object.keys(files)
        .filter((p) => p !== 'manifest.json')
        .sort(),
    )
    for (const entry of manifest.files) {
      const bytes = files[entry.path] ?? new Uint8Array()
      expect(bytes.byteLength).toBe(entry.bytes)
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256)
    }

    const verified = verifyJsonl({ text: files['audit-log.jsonl'] ?? new Uint8Array() })
    expect(verified).toMatchObject({ ok: true, entries: 4 })
    const live = AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) })
    const liveReport = live.verify()
    live.close()
    expect(liveReport.ok && verified.ok && liveReport.headHash === verified.headHash).toBe(true)

    const derived = JSON.parse(text(files, 'derived/local-only.json')) as Record<string, unknown>
    expect(derived).toMatchObject({
      signals: [{ tracker: 'competitor', phrase: 'Acme' }],
      speakerNames: { 'Speaker 1': 'Customer' },
      channelEnergy: { frameMs: 100, channels: 2 },
    })
    const uploads = JSON.parse(text(files, 'uploads.json')) as {
      recordingId: string
      receipt: unknown
    }[]
    expect(uploads.map((u) => u.recordingId).sort()).toEqual(ids.slice(0, 2).sort())
    for (const upload of uploads) expect(upload.receipt).toMatchObject({ id: upload.recordingId })
    expect(JSON.parse(text(files, 'deletions.json'))).toMatchObject([{ recordingId: ids[2] }])

    const needles = [
      Buffer.from(BACKEND_TOKEN),
      media.subarray(1000, 1064),
      Buffer.from(media.subarray(1000, 1064).toString('base64').slice(0, 40)),
      Buffer.from(media.subarray(1000, 1064).toString('hex')),
    ]
    for (const [path, bytes] of Object.entries(files)) {
      for (const needle of needles) {
        expect(Buffer.from(bytes).includes(needle), `${path} holds a secret or media`).toBe(false)
      }
    }
  })

  it('refuses without --all or --out', async () => {
    const { cli } = await library()
    expect((await cli(['export', '--out', join(tempDir(), 'x.zip')])).code).toBe(2)
    expect((await cli(['export', '--all'])).code).toBe(2)
  })
})

describe('earshot delete --all --yes', () => {
  it('leaves no row in the database and one audit entry saying so', async () => {
    const { dataDir, cli } = await library()
    const before = AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) })
    const entriesBefore = before.list({ limit: 100 }).length
    before.close()

    const result = await cli(['delete', '--all', '--yes'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/all local data deleted; recorded in the audit log as entry \d+/)

    const db = openDataFolderSqlite(dataDir, 'database', { readonly: true })
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
        AND name NOT LIKE 'segments_fts%' AND name <> 'schema_migrations'
        AND name <> 'witnessed_heads'`,
      )
      .pluck()
      .all() as string[]
    expect(tables).toContain('signals')
    // Witnessed heads stay with the audit log they vouch for (wipeAllData): no words in them.
    for (const table of tables) {
      expect(db.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get(), table).toBe(0)
    }
    db.close()
    // VACUUM leaves none of the deleted text in the file's free pages.
    expect(
      readableBytes(join(dataDir, 'earshot.db'), dataFolderKey(dataDir)).includes(
        'Acme is cheaper',
      ),
    ).toBe(false)

    const log = AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) })
    const entries = log.list({ limit: 100 })
    expect(entries).toHaveLength(entriesBefore + 1)
    expect(entries.at(-1)).toMatchObject({
      kind: 'outcome',
      purpose: 'deletion',
      destination: 'local:earshot.db',
      method: 'DELETE',
    })
    expect(log.verify().ok).toBe(true)
    log.close()
  })
})

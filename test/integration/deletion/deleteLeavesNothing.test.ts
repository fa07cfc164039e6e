import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { dataDirLayout } from '../../../src/core/config/dataDirLayout'
import { runCliCaptured } from '../../support/runCliCaptured'
import { runCliProcess } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { BACKEND_TOKEN, startBackend } from '../sync/support/startBackend'
import { filesUnder, findInFiles } from './support/findInFiles'
import { seedInstallation, seedStagedRecording, type SeededRecording } from './support/seedLibrary'
import { dataFolderKey, openDataFolderSqlite } from '../../support/openDataFolderDatabase'
import { openEncryptedSqlite } from '../../../src/core/store/openEncryptedSqlite'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const needlesOf = (recording: SeededRecording) => [...recording.words, recording.mediaRun]

/** A data folder with two staged recordings and a whole installation's state, closed again. */
async function seedDataDir(backendUrl: string | null = null) {
  const dataDir = tempDir()
  const core = new Core({ dataDir, env: {} })
  try {
    seedInstallation(core, backendUrl)
    return { dataDir, doomed: seedStagedRecording(core), kept: seedStagedRecording(core) }
  } finally {
    await core.dispose()
  }
}

const cli = (dataDir: string, args: string[]) =>
  runCliProcess([...args, '--data-dir', dataDir], { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN })

describe('earshot delete leaves no trace of the recording in any file of the data folder', () => {
  it('after delete <id>, run as its own process: words, index pages, WAL and media copy are gone', async () => {
    const { dataDir, doomed, kept } = await seedDataDir()
    // The search can find what it looks for: before the delete both recordings are everywhere.
    expect(findInFiles(dataDir, needlesOf(doomed)).length).toBeGreaterThan(0)

    const result = await cli(dataDir, ['delete', doomed.id, '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)

    expect(findInFiles(dataDir, needlesOf(doomed))).toEqual([])
    expect(existsSync(doomed.stagedPath)).toBe(false)
    // The other recording is untouched, and still found by the same search.
    expect(existsSync(kept.stagedPath)).toBe(true)
    const stillThere = findInFiles(dataDir, needlesOf(kept)).map((hit) => hit.file)
    expect(stillThere).toContain(dataDirLayout.database)
    const search = await runCliCaptured([
      'search',
      kept.words[1] ?? '',
      '--json',
      '--data-dir',
      dataDir,
    ])
    expect(JSON.parse(search.stdout)).toMatchObject([{ recordingId: kept.id }])
  })

  it('after delete <id> --remote against the reference backend on loopback', async () => {
    const backendDir = tempDir()
    const server = await startBackend(backendDir)
    cleanups.push(() => server.close())
    const { dataDir, doomed } = await seedDataDir(server.url)
    // In this process (the same code path as the binary); the delete under test runs as its own.
    const uploaded = await runCliCaptured(['upload', doomed.id, '--data-dir', dataDir], {
      EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN,
    })
    expect(uploaded.code).toBe(0)
    expect(await server.backend.store.get(doomed.id)).toBeDefined()
    expect(findInFiles(backendDir, doomed.words).length).toBeGreaterThan(0)
    // The upload queue now holds the exact payload, words and all.
    expect(findInFiles(dataDir, doomed.words).length).toBeGreaterThan(0)

    const result = await cli(dataDir, ['delete', doomed.id, '--remote', '--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject([
      { id: doomed.id, deleted: true, remote: 'done', receipt: { id: doomed.id } },
    ])
    expect(await server.backend.store.get(doomed.id)).toBeUndefined()
    expect(findInFiles(dataDir, needlesOf(doomed))).toEqual([])
    // And in every file of the backend's database (its log keeps what it received: h6).
    expect(findInFiles(backendDir, doomed.words)).toEqual([])
  })

  it('after delete --all --yes: no recording, setting, token or staged copy is left, only the audit entry', async () => {
    const { dataDir, doomed, kept } = await seedDataDir('http://127.0.0.1:9')
    const oldKey = dataFolderKey(dataDir)
    const result = await cli(dataDir, ['delete', '--all', '--yes'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/all local data deleted; recorded in the audit log as entry \d+/)
    // The key is forgotten too: a copy of the databases made before opens with nothing left here.
    expect(result.stdout).toContain('the database key was replaced')
    expect(dataFolderKey(dataDir).equals(oldKey)).toBe(false)
    expect(() => openEncryptedSqlite(join(dataDir, dataDirLayout.auditLog), oldKey)).toThrow(
      /could not be opened with this key/,
    )

    expect(findInFiles(dataDir, [...needlesOf(doomed), ...needlesOf(kept)])).toEqual([])
    const left = filesUnder(dataDir)
    // The audit log is kept, and with it the key that seals its head and a new database key it
    // is now encrypted with; every recording's payload key went with its recording.
    expect(left.filter((file) => !file.startsWith('audit.'))).toEqual([
      dataDirLayout.database,
      'keys/audit-seal.key',
      'keys/database.key',
    ])
    const db = openDataFolderSqlite(dataDir, 'database', { readonly: true })
    try {
      for (const table of ['recordings', 'segments', 'settings', 'meta', 'uploads', 'deletions']) {
        expect(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), table).toBe(0)
      }
    } finally {
      db.close()
    }
    // The kept audit log still verifies under its new key.
    const verified = await cli(dataDir, ['audit', 'verify'])
    expect(verified.code, verified.stdout + verified.stderr).toBe(0)
  })
})

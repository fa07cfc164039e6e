import { cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { dataDirPath } from '../../../src/core/config/dataDirLayout'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { sqliteFileState } from '../../../src/core/store/sqliteFileState'
import { useTempDir } from '../../support/tempDir'
import { seededRandom } from '../../unit/audit/support/seededRandom'
import { dataFolderKey, openDataFolderDatabase } from '../../support/openDataFolderDatabase'
import { migrateChildScript, plaintextDataDir, SECRET_WORDS } from './support/plaintextDataDir'
import { runKillableChild } from './support/runKillableChild'

const tempDir = useTempDir('earshot-migrate-')
const RUNS = 20
const RECORDINGS = 300

const migrate = (dataDir: string, killAfterReadyMs: number | null) =>
  runKillableChild(migrateChildScript, dataDir, killAfterReadyMs)

describe('encrypting a plaintext library in place', () => {
  it(`survives kill -9 at ${RUNS} random moments: each restart finds the old or the new database, never neither, and finishes`, async () => {
    const template = tempDir()
    const ids = plaintextDataDir(template, RECORDINGS)
    const seed = Number(process.env.EARSHOT_MIGRATION_SEED ?? Date.now() % 1_000_000)
    console.log(`migrationKill seed: ${seed} (EARSHOT_MIGRATION_SEED=${seed} replays it)`)
    const random = seededRandom(seed)

    // One run without a kill gives the window the kills are spread over.
    const timed = tempDir()
    cpSync(template, timed, { recursive: true })
    const full = await migrate(timed, null)
    const durationMs = Number(/done (\d+)/.exec(full.stdout)?.[1])
    expect(durationMs).toBeGreaterThan(0)

    const outcomes: string[] = []
    for (let run = 0; run < RUNS; run++) {
      const dataDir = tempDir()
      cpSync(template, dataDir, { recursive: true })
      const delay = random.int(0, Math.ceil(durationMs * 1.2))
      const killed = await migrate(dataDir, delay)
      const library = dataDirPath(dataDir, 'database')
      // Never neither: one of the two databases is at its path whatever the moment.
      expect(existsSync(library), `run ${run} (kill after ${delay} ms)`).toBe(true)
      outcomes.push(`${delay}ms:${killed.signal ?? 'finished'}:${sqliteFileState(library)}`)

      // The restart (here, the same opens every start makes: openDatabase, AuditLog.open)
      // finishes or redoes it; then everything is there and encrypted.
      const db = openDataFolderDatabase(dataDir)
      const audit = AuditLog.open(join(dataDir, 'audit.db'), {
        databaseKey: dataFolderKey(dataDir),
      })
      for (const entry of ['database', 'auditLog'] as const) {
        expect(sqliteFileState(dataDirPath(dataDir, entry)), `run ${run} ${entry}`).toBe(
          'encrypted',
        )
      }
      expect(existsSync(`${library}.encrypting`)).toBe(false)
      try {
        const store = new RecordingStore(db)
        expect(
          store
            .list()
            .map((row) => row.id)
            .sort(),
        ).toEqual([...ids].sort())
        expect(db.prepare('SELECT count(*) FROM segments').pluck().get()).toBe(RECORDINGS * 20)
        expect(store.search(SECRET_WORDS[0] ?? '', 5000).length).toBe(RECORDINGS * 7)
      } finally {
        db.close()
      }
      try {
        expect(audit.verify()).toMatchObject({ ok: true })
        expect(audit.list().length).toBe(5)
      } finally {
        audit.close()
      }
    }
    console.log(`migrationKill outcomes (delay:signal:state after kill): ${outcomes.join(' ')}`)
    // The kills did land inside the migration, not all before or after it.
    expect(outcomes.some((outcome) => outcome.includes('SIGKILL'))).toBe(true)
  }, 600_000)
})

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { createApiHandlers } from '../../../src/core/api/createApiHandlers'
import { CoreError } from '../../../src/core/CoreError'
import { DeletionService } from '../../../src/core/deletion/DeletionService'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { useTempDir } from '../../support/tempDir'
import { seedRecording } from '../sync/support/seedRecording'

const tempDir = useTempDir()

function openCore() {
  const dataDir = tempDir()
  return { dataDir, core: new Core({ dataDir, env: {} }) }
}

describe('DeletionService', () => {
  it('never removes a file the user imported from their own folders', async () => {
    const { dataDir, core } = openCore()
    const own = join(tempDir(), 'my call.wav')
    writeFileSync(own, 'RIFF my own recording')
    const id = seedRecording(core.recordings, { sourcePath: own })
    try {
      expect(core.deletion.deleteLocally([id])).toMatchObject([{ id, deleted: true }])
      expect(readFileSync(own, 'utf8')).toBe('RIFF my own recording')
      expect(existsSync(join(dataDir, 'imports'))).toBe(false)
    } finally {
      await core.dispose()
    }
  })

  it('wipes nothing in a delete-all when the backend could not be asked about a recording', async () => {
    const { dataDir, core } = openCore()
    core.settings.set('backend.url', 'http://127.0.0.1:9')
    const id = seedRecording(core.recordings)
    // The remote-delete path fails as an unreachable backend does; the data stays to ask again.
    const deletion = new DeletionService({
      db: core.db,
      recordings: core.recordings,
      audit: core.audit,
      dataDir,
      requestRemoteDeletion: () =>
        Promise.reject(new CoreError('backend-unreachable', 'The backend did not answer.')),
    })
    try {
      const { results, wiped } = await deletion.deleteAll({ remote: true })
      expect(results).toMatchObject([
        { id, deleted: false, error: { code: 'backend-unreachable' } },
      ])
      expect(wiped).toBeNull()
      expect(core.recordings.get(id)).toBeDefined()
      expect(core.settings.get('backend.url')).toBe('http://127.0.0.1:9')
      expect(core.audit.list()).toEqual([])
    } finally {
      await core.dispose()
    }
  })

  it('sweeps staged copies no recording points to when the API starts, and keeps the others', async () => {
    const { dataDir, core } = openCore()
    const imports = join(dataDir, 'imports')
    for (const folder of ['orphan', 'in-use']) {
      mkdirSync(join(imports, folder), { recursive: true })
      writeFileSync(join(imports, folder, 'call.wav'), 'RIFF')
    }
    seedRecording(core.recordings, { sourcePath: join(imports, 'in-use', 'call.wav') })
    const service = createApiHandlers(core, { log: () => undefined })
    try {
      expect(existsSync(join(imports, 'orphan'))).toBe(false)
      expect(existsSync(join(imports, 'in-use', 'call.wav'))).toBe(true)
    } finally {
      await service.dispose()
      await core.dispose()
    }
  })
})

describe('the full-text index forgets (migration 5)', () => {
  it('merges away words deleted before secure-delete was on, so they leave the file', () => {
    const path = join(tempDir(), 'earshot.db')
    const db = openDatabase(path, null)
    const recordings = new RecordingStore(db)
    // A word porter stemming leaves whole, so the index pages hold it as typed.
    const word = 'quokkablob'
    const id = seedRecording(recordings, { texts: [`a line about ${word}`, 'another line'] })
    // As a database written before migration 5: plain FTS5 deletes leave the term in its pages.
    db.exec(`INSERT INTO segments_fts (segments_fts, rank) VALUES ('secure-delete', 0)`)
    // Later migrations are undone too, or migrate() would see a newer database and skip 5.
    db.prepare('DELETE FROM schema_migrations WHERE version >= 5').run()
    db.exec('DROP TABLE shareable_recordings')
    db.exec('DROP TABLE call_quality')
    db.exec('DROP INDEX recordings_call_date')
    db.exec('ALTER TABLE recordings DROP COLUMN call_date')
    db.exec('DROP TABLE speaker_voices')
    db.exec('DROP TABLE voice_profile')
    db.exec('ALTER TABLE jobs DROP COLUMN started_at')
    db.exec('DROP TABLE recording_contacts')
    recordings.delete(id)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    expect(readFileSync(path).includes(word)).toBe(true)

    openDatabase(path, null).close()
    expect(readFileSync(path).includes(word)).toBe(false)
  })
})

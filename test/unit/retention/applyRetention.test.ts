import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { DeletionService } from '../../../src/core/deletion/DeletionService'
import { applyRetention } from '../../../src/core/retention/applyRetention'
import { DerivedStore } from '../../../src/core/store/DerivedStore'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { SettingsStore } from '../../../src/core/store/SettingsStore'
import type { RecordingStatus } from '../../../src/shared/domain'
import { recordingRow } from '../../support/recordingRow'
import { useTempDir } from '../../support/tempDir'
import { dataFolderKey, openDataFolderDatabase } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
const now = new Date('2026-03-01T12:00:00.000Z')

function openStores(dataDir = tempDir()) {
  const db = openDataFolderDatabase(dataDir)
  const recordings = new RecordingStore(db)
  const deletion = new DeletionService({
    db,
    recordings,
    audit: AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) }),
    dataDir,
    requestRemoteDeletion: () => Promise.reject(new Error('retention never asks the backend')),
  })
  return {
    db,
    dataDir,
    recordings,
    settings: new SettingsStore(db),
    deletion,
    deletions: deletion.records,
    derived: new DerivedStore(db),
  }
}

function addRecording(
  stores: ReturnType<typeof openStores>,
  id: string,
  daysAgo: number,
  status: RecordingStatus = 'done',
  base: Date = now,
) {
  stores.recordings.insert(
    recordingRow(id, {
      title: id,
      bytes: 1,
      durationMs: 1000,
      importedAt: new Date(base.getTime() - daysAgo * 86_400_000).toISOString(),
      status,
    }),
  )
  stores.recordings.appendSegment(id, {
    startMs: 0,
    endMs: 900,
    text: `pricing talk ${id}`,
    speaker: null,
    confidence: null,
  })
  stores.derived.saveDerived(id, {
    signals: [
      { tracker: 'pricing', phrase: 'pricing', quote: 'pricing', startMs: 0, segmentIdx: 0 },
    ],
    metrics: null,
    summary: { text: 'pricing', keyMoments: [] },
  })
}

describe('retention', () => {
  it('keeps everything while retention.days is unset (the default)', () => {
    const stores = openStores()
    addRecording(stores, 'ancient', 5000)
    expect(applyRetention(stores, now)).toEqual({ days: null, cutoff: null, deletedIds: [] })
    expect(stores.recordings.get('ancient')).toBeDefined()
  })

  it('deletes recordings older than N days with all derived data, and records each deletion', () => {
    const stores = openStores()
    addRecording(stores, 'old', 31)
    addRecording(stores, 'edge', 29.99)
    addRecording(stores, 'new', 1)
    stores.settings.set('retention.days', 30)
    const result = applyRetention(stores, now)
    expect(result).toEqual({ days: 30, cutoff: '2026-01-30T12:00:00.000Z', deletedIds: ['old'] })
    expect(
      stores.recordings
        .list()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['edge', 'new'])
    expect(
      stores.recordings
        .search('"talk"')
        .map((h) => h.recordingId)
        .sort(),
    ).toEqual(['edge', 'new'])
    for (const table of ['segments', 'signals', 'summaries']) {
      const ids = stores.db.prepare(`SELECT DISTINCT recording_id FROM ${table}`).pluck().all()
      expect(ids, table).not.toContain('old')
    }
    expect(stores.deletions.list()).toMatchObject([
      { recordingId: 'old', remote: 'not-requested', deletedAt: now.toISOString() },
    ])
    expect(applyRetention(stores, now).deletedIds).toEqual([])
  })

  it('leaves a recording a job is still working on', () => {
    const stores = openStores()
    addRecording(stores, 'busy', 90, 'transcribing')
    stores.settings.set('retention.days', 30)
    expect(applyRetention(stores, now).deletedIds).toEqual([])
  })

  it('refuses a retention that is not a whole number of days', () => {
    const { settings } = openStores()
    expect(() => settings.set('retention.days', 0)).toThrow(/retention.days/)
    expect(() => settings.set('retention.days', 1.5)).toThrow(/retention.days/)
    expect(settings.set('retention.days', null)).toBeNull()
  })

  it('runs when the core starts', async () => {
    const stores = openStores()
    // The core reads the real clock.
    addRecording(stores, 'expired', 400, 'done', new Date())
    addRecording(stores, 'recent', 0, 'done', new Date())
    stores.settings.set('retention.days', 365)
    stores.db.close()
    const core = new Core({ dataDir: stores.dataDir, env: {} })
    try {
      expect(core.retention.deletedIds).toEqual(['expired'])
      expect(core.recordings.list().map((r) => r.id)).toEqual(['recent'])
    } finally {
      await core.dispose()
    }
  })
})

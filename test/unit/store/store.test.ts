import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { JobQueue } from '../../../src/core/store/JobQueue'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { SettingsStore } from '../../../src/core/store/SettingsStore'
import { toFtsQuery } from '../../../src/core/store/toFtsQuery'
import { migrations } from '../../../src/core/store/migrations'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

function openStores() {
  const db = openDatabase(join(tempDir(), 'earshot.db'), null)
  return {
    db,
    recordings: new RecordingStore(db),
    queue: new JobQueue(db),
    settings: new SettingsStore(db),
  }
}

function addRecording(recordings: RecordingStore, id: string, sha = id.padEnd(64, '0')) {
  recordings.insert({
    id,
    title: `call ${id}`,
    sourcePath: `/calls/${id}.mp4`,
    sourceSha256: sha,
    bytes: 1000,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationMs: 60_000,
    channels: 1,
    importedAt: new Date().toISOString(),
    status: 'queued',
  })
}

const jobOptions = { modelPath: '/m.bin', language: 'auto', threads: null, initialPrompt: null }

describe('database', () => {
  it('opens in WAL mode with every migration applied once, also on reopen', () => {
    const path = join(tempDir(), 'earshot.db')
    openDatabase(path, null).close()
    const db = openDatabase(path, null)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const versions = db.prepare('SELECT version FROM schema_migrations').pluck().all()
    expect(versions).toEqual(migrations.map((m) => m.version))
    db.close()
  })

  it('refuses a database written by a newer schema instead of corrupting it', () => {
    const path = join(tempDir(), 'earshot.db')
    openDatabase(path, null).close()
    const raw = new Database(path)
    raw.prepare('INSERT INTO schema_migrations VALUES (999, ?, ?)').run('future', 'now')
    raw.close()
    expect(() => openDatabase(path, null)).toThrow(/newer Earshot/)
  })
})

describe('recordings and segments', () => {
  it('finds segments by words with snippets, ranked, and forgets them when a recording is deleted', () => {
    const { recordings } = openStores()
    addRecording(recordings, 'a')
    addRecording(recordings, 'b')
    recordings.appendSegment('a', {
      startMs: 0,
      endMs: 900,
      text: 'We compared pricing with Acme',
      speaker: null,
      confidence: null,
    })
    recordings.appendSegment('a', {
      startMs: 900,
      endMs: 2000,
      text: 'The weather is nice',
      speaker: null,
      confidence: null,
    })
    recordings.appendSegment('b', {
      startMs: 0,
      endMs: 500,
      text: 'Pricing pricing pricing',
      speaker: null,
      confidence: 0.5,
    })

    const hits = recordings.search(toFtsQuery('pricing') ?? '')
    expect(hits.map((h) => h.recordingId).sort()).toEqual(['a', 'b'])
    expect(hits[0]?.recordingId).toBe('b')
    expect(hits.find((h) => h.recordingId === 'a')?.snippet).toContain('[pricing]')

    expect(recordings.delete('a')).toBe(true)
    expect(recordings.search(toFtsQuery('pricing') ?? '').map((h) => h.recordingId)).toEqual(['b'])
    expect(recordings.segments('a')).toEqual([])
  })

  it('numbers segments in order and clears a partial transcript', () => {
    const { recordings } = openStores()
    addRecording(recordings, 'a')
    for (const start of [0, 1000, 2000]) {
      recordings.appendSegment('a', {
        startMs: start,
        endMs: start + 900,
        text: `t${start}`,
        speaker: null,
        confidence: null,
      })
    }
    expect(recordings.segments('a').map((s) => s.idx)).toEqual([0, 1, 2])
    recordings.clearSegments('a')
    expect(recordings.segments('a')).toEqual([])
    expect(recordings.search('"t0"')).toEqual([])
  })

  it('resolves a unique id prefix and reports an ambiguous one', () => {
    const { recordings } = openStores()
    addRecording(recordings, 'abc1')
    addRecording(recordings, 'abc2')
    expect(recordings.resolveId('abc1')).toEqual(['abc1'])
    expect(recordings.resolveId('abc')).toHaveLength(2)
    expect(recordings.resolveId('%')).toEqual([])
  })

  it('keeps two-channel energy frames exactly', () => {
    const { recordings } = openStores()
    addRecording(recordings, 'a')
    const rms = Float32Array.from([0.1, 0.2, 0.3, 0.4])
    recordings.saveChannelEnergy('a', 100, 2, rms)
    expect(recordings.channelEnergy('a')).toEqual({ frameMs: 100, channels: 2, rms })
  })
})

describe('full-text query building', () => {
  it('quotes every word so FTS5 operators in the input are plain text', () => {
    expect(toFtsQuery('price NEAR "budget" OR -x')).toBe('"price" "NEAR" "budget" "OR" "x"')
    expect(toFtsQuery('price bud')).toBe('"price" "bud"*')
    expect(toFtsQuery('  ')).toBeNull()
    expect(toFtsQuery('***')).toBeNull()
  })

  it('accepts any user text without an FTS5 syntax error', () => {
    const { recordings } = openStores()
    addRecording(recordings, 'a')
    recordings.appendSegment('a', {
      startMs: 0,
      endMs: 1,
      text: "we don't need it",
      speaker: null,
      confidence: null,
    })
    for (const input of ['"', 'a OR', 'NOT', '(x', "don't", 'é*', 'c++ AND ^']) {
      const query = toFtsQuery(input)
      if (query !== null) expect(() => recordings.search(query)).not.toThrow()
    }
    expect(recordings.search(toFtsQuery("don't") ?? '')).toHaveLength(1)
  })
})

describe('job queue', () => {
  it('hands each queued job to exactly one claimer, in order', () => {
    const { recordings, queue } = openStores()
    addRecording(recordings, 'a')
    addRecording(recordings, 'b')
    queue.enqueue('a', jobOptions)
    queue.enqueue('b', jobOptions)
    expect(queue.claimNext(1)?.recordingId).toBe('a')
    expect(queue.claimNext(2)?.recordingId).toBe('b')
    expect(queue.claimNext(3)).toBeUndefined()
  })

  it('sees jobs of dead or silent owners as orphans, not those of live ones', () => {
    let now = new Date('2026-01-01T00:00:00Z')
    const db = openDatabase(join(tempDir(), 'earshot.db'), null)
    const recordings = new RecordingStore(db)
    const queue = new JobQueue(db, () => now)
    for (const id of ['a', 'b', 'c']) {
      addRecording(recordings, id)
      queue.enqueue(id, jobOptions)
    }
    queue.claimNext(100) // dead owner
    queue.claimNext(200) // alive, beating
    queue.claimNext(300) // alive, silent
    now = new Date('2026-01-01T00:02:00Z')
    const live = queue.get(2)
    if (live) queue.heartbeat(live.id)
    const orphans = queue.orphans((pid) => pid !== 100, 60_000)
    expect(orphans.map((j) => j.recordingId).sort()).toEqual(['a', 'c'])
  })
})

describe('settings', () => {
  it('returns defaults, stores validated values and rejects invalid ones with the key named', () => {
    const { settings } = openStores()
    expect(settings.get('analytics.enabled')).toBe(false)
    expect(settings.get('jobs.concurrency')).toBe(1)
    settings.set('jobs.concurrency', 2)
    expect(settings.get('jobs.concurrency')).toBe(2)
    expect(() => settings.set('jobs.concurrency', 0)).toThrow(/jobs\.concurrency/)
    expect(() => settings.set('backend.url', 'ftp://x')).toThrow(/backend\.url/)
    settings.set('backend.url', 'https://ingest.example.com')
    expect(settings.all()['backend.url']).toBe('https://ingest.example.com')
  })
})

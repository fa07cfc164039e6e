import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { DerivedStore } from '../../../src/core/store/DerivedStore'
import { migrations } from '../../../src/core/store/migrations'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { RANK_LIMIT, RecordingStore } from '../../../src/core/store/RecordingStore'
import { toFtsQuery } from '../../../src/core/store/toFtsQuery'
import { recordingRow } from '../../support/recordingRow'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

function openStores(path = join(tempDir(), 'earshot.db')) {
  const db = openDatabase(path, null)
  return { db, recordings: new RecordingStore(db), derived: new DerivedStore(db) }
}

function addRecording(
  recordings: RecordingStore,
  id: string,
  importedAt: string,
  lines: [speaker: string | null, text: string][],
) {
  recordings.insert(recordingRow(id, { importedAt }))
  lines.forEach(([speaker, text], i) =>
    recordings.appendSegment(id, {
      startMs: i * 1000,
      endMs: i * 1000 + 900,
      text,
      speaker,
      confidence: null,
    }),
  )
}

const q = (words: string) => toFtsQuery(words) ?? ''
const where = (hits: { recordingId: string; segmentIdx: number }[]) =>
  hits.map((h) => `${h.recordingId}#${h.segmentIdx}`).sort()

function library() {
  const stores = openStores()
  addRecording(stores.recordings, 'jan', '2025-01-10T09:00:00.000Z', [
    ['Speaker 1', 'Our budget for pricing is fixed'],
    ['Speaker 2', 'Pricing depends on seats'],
  ])
  addRecording(stores.recordings, 'mar', '2025-03-10T09:00:00.000Z', [
    ['Speaker 1', 'Pricing came up again'],
    ['Speaker 2', 'Acme has lower pricing'],
  ])
  stores.derived.saveDerived('mar', {
    signals: [
      { tracker: 'competitor', phrase: 'Acme', quote: 'Acme', startMs: 1000, segmentIdx: 1 },
    ],
    metrics: null,
    summary: null,
  })
  stores.derived.renameSpeaker('jan', 'Speaker 2', 'Customer')
  return stores
}

describe('search filters', () => {
  it('ranks matches and returns speaker and snippet with each hit', () => {
    const { recordings } = library()
    const page = recordings.searchPage(q('pricing'))
    expect(page.ranked).toBe(true)
    expect(where(page.hits)).toEqual(['jan#0', 'jan#1', 'mar#0', 'mar#1'])
    expect(page.hits.find((h) => h.recordingId === 'mar' && h.segmentIdx === 1)).toMatchObject({
      speaker: 'Speaker 2',
      snippet: 'Acme has lower [pricing]',
    })
  })

  it('limits by import date: from inclusive, to exclusive', () => {
    const { recordings } = library()
    const from = '2025-03-10T09:00:00.000Z'
    expect(where(recordings.search(q('pricing'), 50, { from }))).toEqual(['mar#0', 'mar#1'])
    expect(where(recordings.search(q('pricing'), 50, { to: from }))).toEqual(['jan#0', 'jan#1'])
    expect(recordings.search(q('pricing'), 50, { from: '2026-01-01T00:00:00.000Z' })).toEqual([])
  })

  it('filters by speaker label or by the name the user gave it, ignoring case', () => {
    const { recordings } = library()
    expect(where(recordings.search(q('pricing'), 50, { speaker: 'speaker 2' }))).toEqual([
      'jan#1',
      'mar#1',
    ])
    expect(where(recordings.search(q('pricing'), 50, { speaker: 'CUSTOMER' }))).toEqual(['jan#1'])
  })

  it('filters by part of a speaker name, with % and _ taken literally', () => {
    const { recordings } = library()
    expect(where(recordings.search(q('pricing'), 50, { speaker: 'cust' }))).toEqual(['jan#1'])
    expect(where(recordings.search(q('pricing'), 50, { speaker: 'ker 1' }))).toEqual([
      'jan#0',
      'mar#0',
    ])
    expect(recordings.search(q('pricing'), 50, { speaker: '%' })).toEqual([])
    expect(recordings.search(q('pricing'), 50, { speaker: 'Speaker_1' })).toEqual([])
  })

  it('finds other forms of a word: "price" finds "pricing", "seat" finds "seats"', () => {
    const { recordings } = library()
    expect(where(recordings.search(q('price'), 50))).toEqual(['jan#0', 'jan#1', 'mar#0', 'mar#1'])
    expect(where(recordings.search(q('seat'), 50))).toEqual(['jan#1'])
    expect(where(recordings.search(q('depend'), 50))).toEqual(['jan#1'])
  })

  it('keeps only segments that carry a signal of the tracker', () => {
    const { recordings } = library()
    expect(where(recordings.search(q('pricing'), 50, { tracker: 'competitor' }))).toEqual(['mar#1'])
    expect(recordings.search(q('pricing'), 50, { tracker: 'budget' })).toEqual([])
  })
})

describe('very common terms', () => {
  const total = RANK_LIMIT + 10
  const split = Math.floor(total / 2)
  function commonLibrary() {
    const stores = openStores()
    const lines = Array.from({ length: total }, (_, i): [string, string] => [
      i % 2 === 0 ? 'Speaker 1' : 'Speaker 2',
      `the call ${i} then thereafter`,
    ])
    stores.db.transaction(() => {
      addRecording(stores.recordings, 'old', '2025-01-01T00:00:00.000Z', lines.slice(0, split))
      addRecording(stores.recordings, 'new', '2025-06-01T00:00:00.000Z', lines.slice(split))
    })()
    return stores
  }

  it('are not ranked: the newest matches come first and the caller is told', () => {
    const { recordings } = commonLibrary()
    const page = recordings.searchPage(q('call'), { limit: 3 })
    expect(page.ranked).toBe(false)
    const last = total - split - 1
    expect(page.hits.map((h) => [h.recordingId, h.segmentIdx])).toEqual([
      ['new', last],
      ['new', last - 1],
      ['new', last - 2],
    ])
    expect(page.hits[0]?.snippet).toContain('[call]')
  })

  it('respect date and speaker filters when unranked', () => {
    const { recordings } = commonLibrary()
    const page = recordings.searchPage(q('call'), {
      limit: 5,
      to: '2025-02-01T00:00:00.000Z',
      speaker: 'Speaker 2',
    })
    expect(page.ranked).toBe(false)
    expect(page.hits).toHaveLength(5)
    for (const hit of page.hits)
      expect(hit).toMatchObject({ recordingId: 'old', speaker: 'Speaker 2' })
  })

  it('are searched as whole words when typed last, not expanded as a prefix', () => {
    const { recordings } = commonLibrary()
    const page = recordings.searchPage(q('the'), { limit: 1 })
    expect(page.ranked).toBe(false)
    expect(page.hits[0]?.snippet).toMatch(/^\[the\] call \d+ then thereafter$/)
  })

  it('stay ranked while under the limit, prefix and all', () => {
    const { recordings } = commonLibrary()
    addRecording(recordings, 'rare', '2025-07-01T00:00:00.000Z', [[null, 'thermostat talk']])
    const page = recordings.searchPage(q('thermo'))
    expect(page).toMatchObject({ ranked: true, hits: [{ recordingId: 'rare' }] })
  })
})

describe('migration 3', () => {
  it('rebuilds the full-text index of a version 2 database so old transcripts stay searchable', () => {
    const path = join(tempDir(), 'earshot.db')
    const raw = new Database(path)
    raw.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
    for (const migration of migrations.filter((m) => m.version <= 2)) {
      raw.exec(migration.sql)
      raw
        .prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)')
        .run(migration.version, migration.name, 'then')
    }
    raw.close()
    const v2 = openDatabaseAt(path, 2)
    // Written as a version 2 Earshot wrote it: that schema has none of the later columns.
    v2.prepare(
      `INSERT INTO recordings (id, title, source_path, source_sha256, bytes, imported_at, status)
       VALUES ('old', 'old', '/old.wav', ?, 1, '2024-01-01T00:00:00.000Z', 'done')`,
    ).run('0'.repeat(64))
    new RecordingStore(v2).appendSegment('old', {
      startMs: 0,
      endMs: 900,
      text: 'pricing talk',
      speaker: null,
      confidence: null,
    })
    v2.close()

    const { recordings } = openStores(path)
    expect(where(recordings.search(q('pricing')))).toEqual(['old#0'])
    expect(where(recordings.search(q('pri')))).toEqual(['old#0'])
  })
})

/** The database as an older Earshot had it: no newer migrations applied. */
function openDatabaseAt(path: string, version: number) {
  const db = new Database(path)
  db.pragma('foreign_keys = ON')
  const applied = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()
  expect(applied).toBe(version)
  return db
}

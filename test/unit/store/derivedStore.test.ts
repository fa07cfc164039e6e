import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DerivedStore, type DerivedData } from '../../../src/core/store/DerivedStore'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { recordingRow } from '../../support/recordingRow'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

function openStores() {
  const db = openDatabase(join(tempDir(), 'earshot.db'), null)
  return { db, recordings: new RecordingStore(db), derived: new DerivedStore(db) }
}

function addRecording(recordings: RecordingStore, id: string, importedAt: string) {
  recordings.insert(recordingRow(id, { importedAt }))
}

const sample: DerivedData = {
  signals: [
    {
      tracker: 'competitor',
      phrase: 'Acme',
      quote: 'We also looked at Acme.',
      speaker: 'Speaker 2',
      startMs: 4000,
      segmentIdx: 1,
    },
    { tracker: 'pricing', phrase: 'price', quote: 'What is the price?', startMs: 0, segmentIdx: 0 },
  ],
  metrics: {
    talkRatio: { 'Speaker 1': 0.6, 'Speaker 2': 0.4 },
    longestMonologueMs: 12_000,
    wordsPerMinute: 140.5,
    questions: { 'Speaker 1': 2 },
    silenceShare: 0.1,
    interruptions: 1,
  },
  summary: {
    text: 'They compared Acme on price.',
    keyMoments: [
      { startMs: 4000, segmentIdx: 1, sentence: 'We also looked at Acme.', reason: 'competitor' },
    ],
  },
}

describe('derived data', () => {
  it('saves signals, metrics and summary and reads them back exactly, in transcript order', () => {
    const { recordings, derived } = openStores()
    addRecording(recordings, 'a', '2025-01-06T10:00:00.000Z')
    derived.saveDerived('a', sample)
    expect(derived.signals('a')).toEqual([sample.signals[1], sample.signals[0]])
    expect(derived.metrics('a')).toEqual(sample.metrics)
    expect(derived.summary('a')).toEqual(sample.summary)
  })

  it('replaces everything on a second save, so deriving twice never duplicates rows', () => {
    const { db, recordings, derived } = openStores()
    addRecording(recordings, 'a', '2025-01-06T10:00:00.000Z')
    derived.saveDerived('a', sample)
    derived.saveDerived('a', sample)
    expect(db.prepare('SELECT COUNT(*) FROM signals').pluck().get()).toBe(2)
    derived.saveDerived('a', { signals: [], metrics: null, summary: null })
    expect(derived.derived('a')).toEqual({ signals: [], metrics: null, summary: null })
  })

  it('refuses invalid derived data and keeps what was stored', () => {
    const { recordings, derived } = openStores()
    addRecording(recordings, 'a', '2025-01-06T10:00:00.000Z')
    derived.saveDerived('a', sample)
    const bad = { ...sample, metrics: { ...sample.metrics, silenceShare: 2 } } as DerivedData
    expect(() => {
      derived.saveDerived('a', bad)
    }).toThrow()
    expect(derived.metrics('a')).toEqual(sample.metrics)
  })

  it('keeps speaker names and redaction reverts per recording, and drops all with the recording', () => {
    const { db, recordings, derived } = openStores()
    addRecording(recordings, 'a', '2025-01-06T10:00:00.000Z')
    derived.saveDerived('a', sample)
    derived.renameSpeaker('a', 'Speaker 1', '  Alex (AE) ')
    derived.renameSpeaker('a', 'Speaker 2', 'Customer')
    derived.renameSpeaker('a', 'Speaker 2', '')
    expect(derived.speakerNames('a')).toEqual({ 'Speaker 1': 'Alex (AE)' })
    derived.revertRedaction('a', 'r1')
    derived.revertRedaction('a', 'r1')
    derived.revertRedaction('a', 'r2')
    derived.restoreRedaction('a', 'r2')
    expect([...derived.revertedRedactions('a')]).toEqual(['r1'])
    derived.saveDerived('a', sample)
    expect(derived.speakerNames('a')).toEqual({ 'Speaker 1': 'Alex (AE)' })

    recordings.delete('a')
    for (const table of ['signals', 'metrics', 'summaries', 'speaker_names', 'redaction_reverts']) {
      expect(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(0)
    }
  })

  it('counts signals per tracker per ISO week and ranks phrases across recordings', () => {
    const { recordings, derived } = openStores()
    // 2021-01-03 is a Sunday in ISO week 2020-W53; 2021-01-04 starts 2021-W01.
    addRecording(recordings, 'a', '2021-01-03T12:00:00.000Z')
    addRecording(recordings, 'b', '2021-01-04T12:00:00.000Z')
    addRecording(recordings, 'c', '2021-02-01T12:00:00.000Z')
    const competitor = (phrase: string, segmentIdx: number) => ({
      tracker: 'competitor',
      phrase,
      quote: `about ${phrase}`,
      startMs: segmentIdx * 1000,
      segmentIdx,
    })
    derived.saveDerived('a', {
      signals: [competitor('Acme', 0), competitor('acme', 1), competitor('Globex', 2)],
      metrics: null,
      summary: null,
    })
    derived.saveDerived('b', {
      signals: [competitor('Globex', 0), { ...competitor('x', 1), tracker: 'pricing' }],
      metrics: null,
      summary: null,
    })
    derived.saveDerived('c', { signals: [competitor('Globex', 0)], metrics: null, summary: null })

    expect(derived.signalCountsByWeek({ to: '2021-01-31T00:00:00.000Z' })).toEqual([
      { tracker: 'competitor', week: '2020-W53', count: 3 },
      { tracker: 'competitor', week: '2021-W01', count: 1 },
      { tracker: 'pricing', week: '2021-W01', count: 1 },
    ])
    expect(derived.topCompetitors()).toEqual([
      { phrase: 'Globex', count: 3, recordings: 3 },
      { phrase: 'Acme', count: 2, recordings: 1 },
    ])
    expect(
      derived.topPhrases('competitor', { from: '2021-01-04T00:00:00.000Z', limit: 1 }),
    ).toEqual([{ phrase: 'Globex', count: 2, recordings: 2 }])
  })
})

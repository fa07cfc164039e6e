import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { partySplit } from '../../../src/core/derive/metrics/partySplit'
import { storedSignalAggregates } from '../../../src/core/derive/signals/storedSignalAggregates'
import { DerivedStore, type DerivedData } from '../../../src/core/store/DerivedStore'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { YOU_SPEAKER_NAME } from '../../../src/shared/derivedViews'
import { recordingRow } from '../../support/recordingRow'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

/** A seller (Speaker 1) pitching the export feature, a customer (Speaker 2) asking for it. */
const call: DerivedData = {
  signals: [
    {
      tracker: 'feature-request',
      phrase: 'export',
      quote: 'Our new export is included.',
      speaker: 'Speaker 1',
      startMs: 0,
      segmentIdx: 0,
    },
    {
      tracker: 'feature-request',
      phrase: 'export',
      quote: 'We need an export to spreadsheets.',
      speaker: 'Speaker 2',
      startMs: 4000,
      segmentIdx: 1,
    },
    {
      tracker: 'competitor',
      phrase: 'Acme',
      quote: 'Acme has this.',
      speaker: 'Speaker 2',
      startMs: 8000,
      segmentIdx: 2,
    },
  ],
  metrics: {
    talkRatio: { 'Speaker 1': 0.7, 'Speaker 2': 0.25 },
    longestMonologueMs: 12_000,
    wordsPerMinute: 140,
    questions: { 'Speaker 1': 1, 'Speaker 2': 3 },
    silenceShare: 0.05,
    interruptions: 0,
  },
  summary: null,
}

const trackers = [
  { id: 'feature-request', kind: 'feature-request' as const },
  { id: 'competitor', kind: 'competitor' as const },
]

function library() {
  const db = openDatabase(join(tempDir(), 'earshot.db'), null)
  const recordings = new RecordingStore(db)
  const derived = new DerivedStore(db)
  for (const id of ['a', 'b']) {
    recordings.insert(recordingRow(id, { importedAt: '2025-01-06T10:00:00.000Z' }))
    derived.saveDerived(id, call)
  }
  return { derived }
}

describe('you vs them', () => {
  it('counts only what "them" said across recordings unless asked for you or all', () => {
    const { derived } = library()
    // Before anyone is "You", everyone is "them".
    expect(storedSignalAggregates(derived, trackers).topFeatures).toEqual([
      { phrase: 'export', count: 4, recordings: 2 },
    ])
    derived.renameSpeaker('a', 'Speaker 1', YOU_SPEAKER_NAME)
    derived.renameSpeaker('b', 'Speaker 1', YOU_SPEAKER_NAME)
    const them = storedSignalAggregates(derived, trackers)
    expect(them.topFeatures).toEqual([{ phrase: 'export', count: 2, recordings: 2 }])
    expect(them.topCompetitors).toEqual([{ phrase: 'Acme', count: 2, recordings: 2 }])
    expect(them.weekly).toEqual([
      { tracker: 'competitor', week: '2025-W02', count: 2 },
      { tracker: 'feature-request', week: '2025-W02', count: 2 },
    ])
    const you = storedSignalAggregates(derived, trackers, { party: 'you' })
    expect(you.topFeatures).toEqual([{ phrase: 'export', count: 2, recordings: 2 }])
    expect(you.topCompetitors).toEqual([])
    const all = storedSignalAggregates(derived, trackers, { party: 'all' })
    expect(all.topFeatures).toEqual([{ phrase: 'export', count: 4, recordings: 2 }])
  })

  it("splits one call's talk, questions and signals into you and them", () => {
    const names = { 'Speaker 1': YOU_SPEAKER_NAME, 'Speaker 2': 'Customer' }
    expect(partySplit(call.metrics, call.signals, names)).toEqual({
      youLabels: ['Speaker 1'],
      you: { talkShare: 0.7, questions: 1, signals: 1 },
      them: { talkShare: 0.25, questions: 3, signals: 2 },
    })
    expect(partySplit(call.metrics, call.signals, { 'Speaker 2': 'Customer' })).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import type { DerivedSegment } from '../../../../src/core/derive/DerivedSegment'
import { defaultTrackers } from '../../../../src/core/derive/signals/defaultTrackers'
import { findSignals } from '../../../../src/core/derive/signals/findSignals'
import { resolveTrackers } from '../../../../src/core/derive/signals/resolveTrackers'
import { extractiveSummarizer } from '../../../../src/core/derive/summary/extractiveSummarizer'
import { extractiveSummary } from '../../../../src/core/derive/summary/extractiveSummary'
import { loadTranscript } from '../../../fixtures/transcripts/loadTranscript'

const seg = (idx: number, text: string): DerivedSegment => ({
  idx,
  startMs: idx * 4000,
  endMs: idx * 4000 + 3500,
  text,
  speaker: idx % 2 === 0 ? 'AE' : 'Customer',
})

describe('extractive summary', () => {
  const { segments } = loadTranscript('discovery-call')
  const signals = findSignals(segments, resolveTrackers(defaultTrackers(), [], ['Gong', 'Chorus']))

  it('picks sentences in call order, within the sentence and character limits', () => {
    for (const [maxSentences, maxChars] of [
      [1, 1000],
      [3, 1000],
      [5, 200],
      [10, 20_000],
    ] as const) {
      const summary = extractiveSummary(segments, { maxSentences, maxChars }, signals)
      expect(summary.keyMoments.length).toBeGreaterThan(0)
      expect(summary.keyMoments.length).toBeLessThanOrEqual(maxSentences)
      expect(summary.text.length).toBeLessThanOrEqual(maxChars)
      expect(summary.text).toBe(summary.keyMoments.map((m) => m.sentence).join(' '))
      const times = summary.keyMoments.map((m) => m.startMs)
      expect(times).toEqual([...times].sort((a, b) => a - b))
    }
  })

  it('links each key moment to the segment and time where its sentence starts', () => {
    const summary = extractiveSummary(segments, { maxSentences: 5 }, signals)
    for (const moment of summary.keyMoments) {
      const segment = segments.find((s) => s.idx === moment.segmentIdx)
      expect(segment?.startMs).toBe(moment.startMs)
      expect(segment?.text).toContain(moment.sentence.split(' ').slice(0, 3).join(' '))
    }
  })

  it('favours sentences with tracker hits and says which trackers they hold', () => {
    const plain = extractiveSummary(segments, { maxSentences: 3 })
    const boosted = extractiveSummary(segments, { maxSentences: 3 }, signals)
    expect(plain.keyMoments.every((m) => m.reason === 'central' && m.trackers.length === 0)).toBe(
      true,
    )
    expect(boosted.keyMoments.every((m) => m.reason === 'signal')).toBe(true)
    const competitors = boosted.keyMoments.find((m) => m.sentence.includes('Gong for about'))
    expect(competitors?.trackers).toEqual(['competitor'])
  })

  it('is deterministic', () => {
    const a = extractiveSummary(segments, { maxSentences: 4 }, signals)
    const b = extractiveSummary([...segments].reverse(), { maxSentences: 4 }, [...signals])
    expect(b).toEqual(a)
  })

  it('skips a sentence that repeats one already picked', () => {
    const summary = extractiveSummary(
      [
        seg(0, 'The export to the data warehouse keeps failing for long calls.'),
        seg(1, 'The export to the data warehouse keeps failing for long calls.'),
        seg(2, 'Our renewal depends on fixing the export for long calls.'),
        seg(3, 'Pricing for the second team can wait until next quarter.'),
      ],
      { maxSentences: 3 },
    )
    const sentences = summary.keyMoments.map((m) => m.sentence)
    expect(new Set(sentences).size).toBe(sentences.length)
  })

  it('gives an empty summary for empty, wordless or filler-only input', () => {
    const empty = { text: '', keyMoments: [] }
    expect(extractiveSummary([])).toEqual(empty)
    expect(extractiveSummary([seg(0, '   '), seg(1, '... ♪♪ [MUSIC] !!!')])).toEqual(empty)
    expect(extractiveSummary([seg(0, 'Yeah. Okay. Thank you. Mm-hmm, right, right.')])).toEqual(
      empty,
    )
    expect(extractiveSummary(segments, { maxSentences: 0 })).toEqual(empty)
    expect(extractiveSummary(segments, { maxChars: 10 })).toEqual(empty)
  })

  it('is reachable through the Summarizer seam', async () => {
    await expect(
      extractiveSummarizer.summarize({ segments, signals, maxSentences: 2 }),
    ).resolves.toEqual(extractiveSummary(segments, { maxSentences: 2 }, signals))
    expect(extractiveSummarizer.id).toBe('extractive-v1')
  })
})

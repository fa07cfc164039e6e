import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { deriveRecording } from '../../../src/core/derive/deriveRecording'
import { computeMetrics } from '../../../src/core/derive/metrics/computeMetrics'
import { defaultTrackers } from '../../../src/core/derive/signals/defaultTrackers'
import { findSignals } from '../../../src/core/derive/signals/findSignals'
import { resolveTrackers } from '../../../src/core/derive/signals/resolveTrackers'
import { extractiveSummary } from '../../../src/core/derive/summary/extractiveSummary'
import { StoredSummary } from '../../../src/core/store/DerivedStore'
import { UploadMetrics, UploadSignal } from '../../../src/shared/upload'
import { loadTranscript } from '../../fixtures/transcripts/loadTranscript'

const trackers = resolveTrackers(defaultTrackers(), [], ['Gong', 'Chorus'])

describe('deriveRecording', () => {
  it.each(['discovery-call', 'support-churn-call', 'negations-near-misses', 'metrics-small'])(
    'gives the same result as each derive step run on its own (%s)',
    (name) => {
      const { segments, durationMs } = loadTranscript(name)
      const derived = deriveRecording(segments, durationMs, { trackers })
      const signals = findSignals(segments, trackers)
      expect(derived.signals).toEqual(signals)
      expect(derived.metrics).toEqual(computeMetrics(segments, durationMs))
      expect(derived.summary).toEqual(extractiveSummary(segments, {}, signals))
      expect(z.array(UploadSignal).safeParse(derived.signals).success).toBe(true)
      expect(UploadMetrics.safeParse(derived.metrics).success).toBe(true)
      expect(StoredSummary.safeParse(derived.summary).success).toBe(true)
    },
  )

  it('links each signal to its segment and ranks signal sentences into the summary', () => {
    const { segments, durationMs } = loadTranscript('discovery-call')
    const { signals, summary } = deriveRecording(segments, durationMs, { trackers })
    expect(signals.filter((s) => s.tracker === 'competitor').map((s) => s.phrase)).toEqual([
      'Gong',
      'Chorus',
      'Gong',
    ])
    for (const signal of signals) {
      const segment = segments.find((s) => s.idx === signal.segmentIdx)
      expect(segment?.startMs).toBe(signal.startMs)
      expect(segment?.speaker).toBe(signal.speaker)
    }
    // Quotes and summary lines come from one sentence split: a summarised sentence that holds a
    // hit is, character for character, that hit's quote.
    const quotes = new Set(signals.map((s) => s.quote))
    const flagged = summary.keyMoments.filter((m) => m.reason === 'signal')
    expect(flagged.length).toBeGreaterThan(0)
    for (const moment of flagged) expect(quotes.has(moment.sentence)).toBe(true)
  })

  it('is deterministic and leaves its input alone', () => {
    const { segments, durationMs } = loadTranscript('support-churn-call')
    const copy = structuredClone(segments)
    const first = deriveRecording(segments, durationMs, { trackers })
    expect(deriveRecording(copy.reverse(), durationMs, { trackers })).toEqual(first)
    expect(segments).toEqual(loadTranscript('support-churn-call').segments)
  })

  it('derives an empty transcript to nothing rather than failing', () => {
    expect(deriveRecording([], 60_000, { trackers })).toEqual({
      signals: [],
      metrics: computeMetrics([], 60_000),
      summary: { text: '', keyMoments: [] },
    })
  })
})

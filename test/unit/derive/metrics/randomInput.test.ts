import { describe, expect, it } from 'vitest'
import type { DerivedSegment } from '../../../../src/core/derive/DerivedSegment'
import { computeMetrics } from '../../../../src/core/derive/metrics/computeMetrics'
import { defaultTrackers } from '../../../../src/core/derive/signals/defaultTrackers'
import { findSignals } from '../../../../src/core/derive/signals/findSignals'
import { resolveTrackers } from '../../../../src/core/derive/signals/resolveTrackers'
import { extractiveSummary } from '../../../../src/core/derive/summary/extractiveSummary'
import { UploadMetrics, UploadSignal } from '../../../../src/shared/upload'
import { seededRandom } from '../../audit/support/seededRandom'

const pieces = [
  'pricing',
  "we don't need",
  'SSO',
  'Gong',
  '?',
  '.',
  '!',
  '…',
  ' ',
  ' ',
  ' ',
  'the',
  'budget',
  'über',
  'é',
  'e\u0301',
  '😀',
  '\ud800',
  '\n',
  '\t',
  '$40,000',
  'Mr.',
  'Do you',
  'cancel',
  'would love to see a',
  'x'.repeat(300),
  '价格。',
  '-',
  "'",
  ',',
  'API',
  '',
]
const speakers = [null, 'A', 'B', 'C', '', '  ', '__proto__', 'constructor', 'S'.repeat(200), '👩‍💼']
const times = [0, 1, 199, 200, 1000, 1499, 1500, 60_000, -5, Number.NaN, Number.POSITIVE_INFINITY]

function randomSegments(next: () => number): { segments: DerivedSegment[]; durationMs: number } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T
  const count = Math.floor(next() * 40)
  const segments: DerivedSegment[] = []
  let clock = 0
  for (let idx = 0; idx < count; idx++) {
    clock += next() < 0.8 ? Math.floor(next() * 3000) : pick(times)
    const startMs = next() < 0.1 ? pick(times) : clock
    const endMs = next() < 0.1 ? pick(times) : startMs + Math.floor(next() * 8000)
    const words = Array.from({ length: Math.floor(next() * 30) }, () => pick(pieces))
    segments.push({
      idx,
      startMs,
      endMs,
      text: words.join(next() < 0.5 ? ' ' : ''),
      speaker: pick(speakers),
    })
  }
  const durationMs = next() < 0.2 ? pick(times) : clock + Math.floor(next() * 10_000)
  return { segments, durationMs }
}

describe('derivation on random input', () => {
  const trackers = resolveTrackers(defaultTrackers(), [], ['Gong', 'x'.repeat(100)])

  it('never throws and always stays inside the upload schema', () => {
    // Seeded, so every run checks the same cases.
    const next = seededRandom(20_260_224).next
    for (let run = 0; run < 300; run++) {
      const { segments, durationMs } = randomSegments(next)
      const metrics = computeMetrics(segments, durationMs)
      const parsed = UploadMetrics.safeParse(metrics)
      expect(parsed.success, JSON.stringify({ segments, durationMs, metrics })).toBe(true)
      const ratios = Object.values(metrics.talkRatio)
      if (ratios.length > 0) expect(ratios.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2)

      const signals = findSignals(segments, trackers)
      for (const signal of signals)
        expect(UploadSignal.safeParse(signal).error?.issues, JSON.stringify(signal)).toBeUndefined()

      const summary = extractiveSummary(segments, { maxSentences: 3, maxChars: 500 }, signals)
      expect(summary.text.length).toBeLessThanOrEqual(500)
      expect(summary.keyMoments.length).toBeLessThanOrEqual(3)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { diarizationErrorRate } from '../../../integration/speakers/support/diarizationErrorRate'

// The benchmark's yardstick, checked on cases worked out by hand.
describe('diarization error rate', () => {
  const reference = [
    { startMs: 0, endMs: 10_000, speaker: 0 },
    { startMs: 10_000, endMs: 20_000, speaker: 1 },
  ]

  it('is 0 for a perfect answer whatever the system calls its speakers', () => {
    const swapped = reference.map((t) => ({ ...t, speaker: 1 - t.speaker }))
    expect(diarizationErrorRate(reference, swapped).der).toBe(0)
  })

  it('counts a single-speaker answer as confusion over the other speaker (collar excluded)', () => {
    const one = [{ startMs: 0, endMs: 20_000, speaker: 0 }]
    const result = diarizationErrorRate(reference, one, 0)
    expect(result.confusionMs).toBe(10_000)
    expect(result.der).toBeCloseTo(0.5, 10)
    // 250 ms each side of the turn edges at 0, 10 s (twice: end and start) and 20 s are not scored.
    const collared = diarizationErrorRate(reference, one, 250)
    expect(collared.scoredSpeechMs).toBe(20_000 - 250 - 500 - 250)
  })

  it('counts missed speech and false alarms', () => {
    const hypothesis = [
      { startMs: 0, endMs: 5_000, speaker: 0 },
      { startMs: 10_000, endMs: 25_000, speaker: 1 },
    ]
    const result = diarizationErrorRate(reference, hypothesis, 0)
    expect(result.missedMs).toBe(5_000)
    expect(result.falseAlarmMs).toBe(5_000)
    expect(result.der).toBeCloseTo(0.5, 10)
  })

  it('scores overlapped reference speech: naming one of two talkers misses the other', () => {
    const overlapped = [
      { startMs: 0, endMs: 10_000, speaker: 0 },
      { startMs: 5_000, endMs: 10_000, speaker: 1 },
    ]
    const result = diarizationErrorRate(overlapped, [{ startMs: 0, endMs: 10_000, speaker: 0 }], 0)
    expect(result.missedMs).toBe(5_000)
    expect(result.der).toBeCloseTo(5_000 / 15_000, 10)
  })
})

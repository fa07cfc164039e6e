import { describe, expect, it } from 'vitest'
import {
  DEFAULT_REALTIME_FACTOR,
  estimateSecondsLeft,
  expectedRealtimeFactor,
} from '../../../src/core/jobs/estimateTimeLeft'

describe('expectedRealtimeFactor', () => {
  it('is the median of the recent measures, the conservative default without any', () => {
    expect(expectedRealtimeFactor([])).toBe(DEFAULT_REALTIME_FACTOR)
    expect(expectedRealtimeFactor([0.2, 5, 0.3])).toBe(0.3)
    expect(expectedRealtimeFactor([0.2, 0.4])).toBeCloseTo(0.3)
    expect(expectedRealtimeFactor([Number.NaN, -1])).toBe(DEFAULT_REALTIME_FACTOR)
  })
})

describe('estimateSecondsLeft', () => {
  const tenMinutes = 600_000

  it('starts from the expected speed and counts down before the first percent', () => {
    const at = (elapsedMs: number) =>
      estimateSecondsLeft({ durationMs: tenMinutes, percent: 0, elapsedMs, realtimeFactor: 0.25 })
    expect(at(0)).toBe(150)
    expect(at(10_000)).toBe(140)
    // Past the expected end with no percent: no number rather than a wrong one.
    expect(at(200_000)).toBeNull()
  })

  it('moves to the job’s own pace as percent comes in', () => {
    // Twice as slow as expected: at 50 % after 150 s, the rest takes another 150 s.
    const left = estimateSecondsLeft({
      durationMs: tenMinutes,
      percent: 50,
      elapsedMs: 150_000,
      realtimeFactor: 0.25,
    })
    expect(left).toBe(150)
    // Early on, both count: between the prior's 145 s and the pace's 495 s.
    const early = estimateSecondsLeft({
      durationMs: tenMinutes,
      percent: 1,
      elapsedMs: 5_000,
      realtimeFactor: 0.25,
    })
    expect(early).toBeGreaterThan(145)
    expect(early).toBeLessThan(495)
  })

  it('uses the pace alone without a duration, and says nothing with neither', () => {
    expect(
      estimateSecondsLeft({ durationMs: null, percent: 20, elapsedMs: 10_000, realtimeFactor: 1 }),
    ).toBe(40)
    expect(
      estimateSecondsLeft({ durationMs: null, percent: 0, elapsedMs: 10_000, realtimeFactor: 1 }),
    ).toBeNull()
  })
})

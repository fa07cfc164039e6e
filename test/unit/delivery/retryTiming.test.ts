import { describe, expect, it } from 'vitest'
import { computeRetryDelay } from '../../../src/backend/delivery/computeRetryDelay'
import { parseRetryAfter } from '../../../src/backend/delivery/parseRetryAfter'

const policy = { baseMs: 1000, capMs: 60_000 }

describe('computeRetryDelay (exponential backoff, full jitter)', () => {
  it('draws uniformly below a ceiling that doubles per attempt', () => {
    expect(computeRetryDelay(1, policy, () => 0.999_999)).toBe(999)
    expect(computeRetryDelay(2, policy, () => 0.999_999)).toBe(1999)
    expect(computeRetryDelay(4, policy, () => 0.5)).toBe(4000)
    expect(computeRetryDelay(3, policy, () => 0)).toBe(0)
  })

  it('never exceeds the cap, however many attempts', () => {
    expect(computeRetryDelay(30, policy, () => 0.999_999)).toBe(59_999)
    expect(computeRetryDelay(10_000, policy, () => 0.999_999)).toBe(59_999)
  })

  it('spreads many jobs over the window instead of retrying them together', () => {
    let seed = 7
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647
    const delays = Array.from({ length: 1000 }, () => computeRetryDelay(3, policy, random))
    const buckets = [0, 0, 0, 0]
    for (const delay of delays) {
      const bucket = Math.floor(delay / 1000)
      buckets[bucket] = (buckets[bucket] ?? 0) + 1
    }
    for (const count of buckets) expect(count).toBeGreaterThan(200)
  })
})

describe('parseRetryAfter (RFC 9110 §10.2.3)', () => {
  const now = new Date('2026-12-03T08:00:00.000Z')
  it('reads delay-seconds and HTTP-dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Thu, 03 Dec 2026 08:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Thu, 03 Dec 2026 07:00:00 GMT', now)).toBe(0)
  })
  it('ignores an absent or malformed value', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter('-5', now)).toBeUndefined()
  })
})

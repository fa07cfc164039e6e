import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../../src/core/sync/backoffDelay'

const policy = { baseMs: 500, capMs: 300_000 }

describe('backoffDelay (full jitter)', () => {
  it('spans [0, base·2^(n−1)) for retry n', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(0)
    expect(backoffDelay(1, policy, () => 0.999_999)).toBe(499)
    expect(backoffDelay(2, policy, () => 0.5)).toBe(500)
    expect(backoffDelay(4, policy, () => 0.5)).toBe(2000)
  })

  it('never exceeds the cap however many retries', () => {
    for (const retry of [10, 20, 60, 1000]) {
      expect(backoffDelay(retry, policy, () => 0.999_999)).toBeLessThan(policy.capMs)
    }
  })

  it('spreads delays across the whole window, not around its middle', () => {
    let seed = 42
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    const delays = Array.from({ length: 2000 }, () => backoffDelay(3, policy, random))
    const ceiling = 2000
    expect(Math.min(...delays)).toBeLessThan(ceiling * 0.05)
    expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.95)
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length
    expect(mean).toBeGreaterThan(ceiling * 0.45)
    expect(mean).toBeLessThan(ceiling * 0.55)
  })
})

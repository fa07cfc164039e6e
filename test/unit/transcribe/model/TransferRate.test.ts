import { describe, expect, it } from 'vitest'
import { TransferRate } from '../../../../src/core/transcribe/model/TransferRate'

describe('TransferRate', () => {
  it('has no speed until half a second is measured, then bytes per second and time left', () => {
    const rate = new TransferRate()
    rate.add(0, 1000)
    rate.add(100, 2000)
    expect(rate.bytesPerSecond()).toBeNull()
    expect(rate.secondsLeft(10_000)).toBeNull()
    rate.add(1000, 11_000)
    expect(rate.bytesPerSecond()).toBe(10_000)
    expect(rate.secondsLeft(31_000)).toBe(2)
  })

  it('follows a slowdown within its window, not the average since the start', () => {
    const rate = new TransferRate(2000)
    for (let t = 0; t <= 10_000; t += 500) rate.add(t, t * 1000) // 1 MB/s
    for (let t = 10_500; t <= 14_000; t += 500) rate.add(t, 10_000_000 + (t - 10_000) * 10)
    expect(rate.bytesPerSecond()).toBeCloseTo(10_000, 0)
  })

  it('does not count a resumed prefix as speed', () => {
    const rate = new TransferRate()
    rate.add(0, 50_000_000)
    rate.add(1000, 50_100_000)
    expect(rate.bytesPerSecond()).toBe(100_000)
  })
})

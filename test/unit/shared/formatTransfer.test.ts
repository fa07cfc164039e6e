import { describe, expect, it } from 'vitest'
import { describeTransfer, formatTimeLeft } from '../../../src/shared/formatTransfer'

describe('formatTimeLeft', () => {
  it('reads in seconds, minutes, then hours, never "0 s" while something is left', () => {
    expect(formatTimeLeft(0.2)).toBe('about 1 s left')
    expect(formatTimeLeft(16)).toBe('about 16 s left')
    expect(formatTimeLeft(200)).toBe('about 3 min left')
    expect(formatTimeLeft(4000)).toBe('about 1 h 7 min left')
  })
})

describe('describeTransfer', () => {
  it('shows percent and sizes, then speed and time left once measured', () => {
    const figures = { bytes: 62_100_000, total: 148_000_000 }
    expect(describeTransfer({ ...figures, bytesPerSecond: null, secondsLeft: null })).toBe(
      '41% · 62.1 MB of 148.0 MB',
    )
    expect(describeTransfer({ ...figures, bytesPerSecond: 5_300_000, secondsLeft: 16.2 })).toBe(
      '41% · 62.1 MB of 148.0 MB · 5.3 MB/s · about 16 s left',
    )
  })

  it('drops the time left once everything is there', () => {
    expect(
      describeTransfer({ bytes: 10, total: 10, bytesPerSecond: 1_000_000, secondsLeft: 0 }),
    ).toBe('100% · 10 B of 10 B · 1.0 MB/s')
  })
})

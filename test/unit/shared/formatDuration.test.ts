import { describe, expect, it } from 'vitest'
import { formatDuration, formatPosition } from '../../../src/shared/formatDuration'

describe('CLI clock formats', () => {
  it('a position is the second it falls in, as show prints it; a length rounds', () => {
    expect(formatPosition(600)).toBe('0:00')
    expect(formatDuration(600)).toBe('0:01')
    expect(formatPosition(59_999)).toBe('0:59')
    expect(formatPosition(65_400)).toBe('1:05')
    expect(formatPosition(3_725_999)).toBe('1:02:05')
    expect(formatDuration(3_725_000)).toBe('1:02:05')
    expect(formatPosition(-5)).toBe('0:00')
  })
})

import { describe, expect, it } from 'vitest'
import { findCurrentLine } from './findCurrentLine'

const lines = [{ startMs: 0 }, { startMs: 2000 }, { startMs: 2000 }, { startMs: 5000 }]

describe('findCurrentLine', () => {
  it.each([
    [-1, -1],
    [0, 0],
    [1999, 0],
    [2000, 2],
    [4999, 2],
    [60_000, 3],
  ])('at %i ms the current line is %i', (ms, expected) => {
    expect(findCurrentLine(lines, ms)).toBe(expected)
  })

  it('has none for an empty transcript', () => {
    expect(findCurrentLine([], 10)).toBe(-1)
  })
})

import { describe, expect, it } from 'vitest'
import { nextRowIndex } from './nextRowIndex'

describe('keyboard movement through the library rows', () => {
  it.each([
    ['ArrowDown', 3, 4],
    ['ArrowUp', 3, 2],
    ['ArrowUp', 0, 0],
    ['ArrowDown', 9, 9],
    ['PageDown', 3, 9],
    ['PageUp', 8, 2],
    ['Home', 5, 0],
    ['End', 5, 9],
  ])('%s from row %i goes to row %i (10 rows, 6 per page)', (key, from, to) => {
    expect(nextRowIndex(key, from, 10, 6)).toBe(to)
  })

  it('leaves other keys, and an empty list, to the browser', () => {
    expect(nextRowIndex('Enter', 2, 10, 6)).toBeNull()
    expect(nextRowIndex('a', 2, 10, 6)).toBeNull()
    expect(nextRowIndex('ArrowDown', 0, 0, 6)).toBeNull()
  })

  it('moves at least one row per Page key even when nothing fits', () => {
    expect(nextRowIndex('PageDown', 0, 10, 0)).toBe(1)
  })
})

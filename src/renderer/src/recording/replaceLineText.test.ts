import { describe, expect, it } from 'vitest'
import type { TranscriptLine } from '../../../shared/api'
import { replaceLineText } from './replaceLineText'

const lines: TranscriptLine[] = [
  { idx: 0, startMs: 0, endMs: 900, text: 'hello there' },
  { idx: 1, startMs: 1000, endMs: 1900, text: 'general kenobi', speaker: 'Speaker 2' },
]

describe('replaceLineText', () => {
  it('replaces one line by idx and leaves the input and the other lines alone', () => {
    const next = replaceLineText(lines, 1, 'general grievous')
    expect(next).toEqual([
      lines[0],
      { idx: 1, startMs: 1000, endMs: 1900, text: 'general grievous', speaker: 'Speaker 2' },
    ])
    expect(next[0]).toBe(lines[0])
    expect(lines[1]?.text).toBe('general kenobi')
  })

  it('answers the same array when the text is unchanged or the line is unknown', () => {
    expect(replaceLineText(lines, 0, 'hello there')).toBe(lines)
    expect(replaceLineText(lines, 7, 'nobody')).toBe(lines)
  })

  it('rolls back only while the line still holds the text it expects', () => {
    const optimistic = replaceLineText(lines, 0, 'hello thar')
    expect(replaceLineText(optimistic, 0, 'hello there', 'hello thar')[0]?.text).toBe('hello there')
    // A newer edit of the same line landed meanwhile: the late rollback must not undo it.
    const newer = replaceLineText(optimistic, 0, 'hello, there')
    expect(replaceLineText(newer, 0, 'hello there', 'hello thar')).toBe(newer)
  })
})

import { describe, expect, it } from 'vitest'
import { assignSpeakers } from '../../../../src/core/derive/speakers/assignSpeakers'

describe('naming transcript segments after diarized turns', () => {
  const turns = [
    { startMs: 0, endMs: 4000, speaker: 1 },
    { startMs: 4000, endMs: 9000, speaker: 0 },
    { startMs: 9500, endMs: 12000, speaker: 1 },
  ]

  it('gives each segment the speaker it overlaps most, numbered by first appearance', () => {
    const segments = [
      { startMs: 0, endMs: 3000 },
      { startMs: 3000, endMs: 7000 }, // 1 s of turn 1, 3 s of turn 2
      { startMs: 9400, endMs: 11000 },
    ]
    expect(assignSpeakers(segments, turns)).toEqual(['Speaker 1', 'Speaker 2', 'Speaker 1'])
  })

  it('gives a segment in a pause the nearest turn', () => {
    expect(assignSpeakers([{ startMs: 9100, endMs: 9300 }], turns)).toEqual(['Speaker 1'])
    expect(assignSpeakers([{ startMs: 13000, endMs: 14000 }], turns)).toEqual(['Speaker 1'])
  })

  it('leaves segments unnamed when no one was heard at all', () => {
    expect(assignSpeakers([{ startMs: 0, endMs: 1000 }], [])).toEqual([null])
  })
})

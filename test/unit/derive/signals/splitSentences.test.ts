import { describe, expect, it } from 'vitest'
import type { DerivedSegment } from '../../../../src/core/derive/DerivedSegment'
import {
  segmentAt,
  splitSentences,
  MAX_SENTENCE_LENGTH,
} from '../../../../src/core/derive/signals/splitSentences'

const seg = (idx: number, text: string, speaker: string | null = 'A'): DerivedSegment => ({
  idx,
  startMs: idx * 1000,
  endMs: idx * 1000 + 900,
  text,
  speaker,
})

describe('sentences', () => {
  it('joins a sentence whisper split across segments and knows where each part came from', () => {
    const [first, second] = splitSentences([
      seg(0, ' We need a decision'),
      seg(1, ' by March. Then we roll out.'),
    ])
    expect(first?.text).toBe('We need a decision by March.')
    expect(first?.spans.map((s) => [s.segment.idx, s.from])).toEqual([
      [0, 0],
      [1, 19],
    ])
    expect(first && segmentAt(first, 18).idx).toBe(0)
    expect(first && segmentAt(first, 19).idx).toBe(1)
    expect(second?.text).toBe('Then we roll out.')
    expect(second?.spans.map((s) => s.segment.idx)).toEqual([1])
  })

  it('does not end sentences at abbreviations, initials, decimals or lowercase continuations', () => {
    const texts = splitSentences([
      seg(0, 'Mr. Smith e.g. said 2.5 reps. J. R. agreed… so we wait. Really? Yes!'),
    ]).map((s) => s.text)
    expect(texts).toEqual([
      'Mr. Smith e.g. said 2.5 reps.',
      'J. R. agreed… so we wait.',
      'Really?',
      'Yes!',
    ])
  })

  it('ends sentences at CJK stops and at a change of speaker', () => {
    const texts = splitSentences([seg(0, '价格太高。我们再谈？'), seg(1, 'and then', 'B')]).map(
      (s) => s.text,
    )
    expect(texts).toEqual(['价格太高。', '我们再谈？', 'and then'])
  })

  it('cuts run-on text at a space so no sentence is longer than the limit', () => {
    const sentences = splitSentences([seg(0, 'word '.repeat(700)), seg(1, 'x'.repeat(2500))])
    expect(sentences.every((s) => s.text.length <= MAX_SENTENCE_LENGTH)).toBe(true)
    // Cut at the last space in the window when it is past the middle, else hard at the limit;
    // nothing is lost but the spaces cut at.
    expect(sentences.map((s) => s.text.replaceAll(' ', '')).join('')).toBe(
      `${'word'.repeat(700)}${'x'.repeat(2500)}`,
    )
    expect(sentences.map((s) => s.text.length)).toEqual([999, 999, 999, 1000, 1000, 1000])
  })

  it('never cuts an emoji in half', () => {
    const sentences = splitSentences([seg(0, `${'a'.repeat(999)}😀😀`)])
    // A lone high surrogate at the end would mean the pair was split.
    for (const s of sentences) expect(s.text).not.toMatch(/[\ud800-\udbff]$/)
    expect(sentences.map((s) => s.text).join('')).toBe(`${'a'.repeat(999)}😀😀`)
  })

  it('skips empty segments and orders by segment index', () => {
    const texts = splitSentences([seg(2, 'Second.'), seg(1, '   '), seg(0, 'First.')]).map(
      (s) => s.text,
    )
    expect(texts).toEqual(['First.', 'Second.'])
  })
})

import { describe, expect, it } from 'vitest'
import { computeMetrics } from '../../../../src/core/derive/metrics/computeMetrics'
import { countInterruptions } from '../../../../src/core/derive/metrics/countInterruptions'
import { countWords } from '../../../../src/core/derive/metrics/countWords'
import { isQuestion } from '../../../../src/core/derive/metrics/isQuestion'
import { toTimedTurns } from '../../../../src/core/derive/metrics/TimedTurn'
import type { DerivedSegment } from '../../../../src/core/derive/DerivedSegment'
import { UploadMetrics } from '../../../../src/shared/upload'
import { loadTranscript } from '../../../fixtures/transcripts/loadTranscript'

const seg = (
  idx: number,
  startMs: number,
  endMs: number,
  speaker: string | null,
  text = 'Words here.',
): DerivedSegment => ({ idx, startMs, endMs, speaker, text })

describe('call metrics on a small transcript worked out by hand', () => {
  const { segments, durationMs } = loadTranscript('metrics-small')
  const metrics = computeMetrics(segments, durationMs)

  it('gives each speaker their share of speaking time, Unknown for segments without a speaker', () => {
    // Alex 4000 + 3900 + 2500 = 10400 ms, Dana 1500 + 3000 = 4500 ms, Unknown 1000 ms; 15900 ms in all.
    expect(metrics.talkRatio).toEqual({ Alex: 0.6541, Dana: 0.283, Unknown: 0.0629 })
  })

  it('bridges pauses under 1.5 s in a monologue but not another speaker', () => {
    // Alex 5100–9000 and 9500–12000 (a 500 ms pause) form one stretch; 0–4000 is cut by Dana.
    expect(metrics.longestMonologueMs).toBe(6900)
  })

  it('counts words over the time anyone was speaking', () => {
    // 37 words; speech covers 0–5000, 5100–9000, 9500–12000, 15000–19000 = 15400 ms.
    expect(metrics.wordsPerMinute).toBe(144.2)
  })

  it('counts questions with a mark and questions whisper left without one', () => {
    // Alex: "How are you doing" (no mark); Dana: "Do you have the agenda?"; "Sounds good to me!" is not.
    expect(metrics.questions).toEqual({ Alex: 1, Dana: 1, Unknown: 0 })
  })

  it('measures silence as the time no segment covers', () => {
    expect(metrics.silenceShare).toBe(0.23)
  })

  it('counts only real overlap as an interruption, not a quick reply', () => {
    // Worked out by hand with no grace (INTERRUPTION_GRACE_MS = 0):
    // - Dana at 3500 starts before Alex's 0–4000 ends, and Alex has talked 3500 ms ≥ 1000: counted.
    // - Alex at 5100 starts 100 ms after Dana's 3500–5000 ended: a reply, not overlap (with the
    //   old 200 ms grace it counted, giving 2).
    // - Alex at 9500 continues Alex (Dana last ended at 5000); Dana at 15000 starts after Alex's
    //   stretch ended at 12000; the unnamed segment at 18000 takes no part.
    expect(metrics.interruptions).toBe(1)
  })

  it('stays inside the upload schema', () => {
    expect(UploadMetrics.safeParse(metrics).success).toBe(true)
  })
})

describe('call metrics edge cases', () => {
  it('gives empty ratios and full silence for a recording nobody spoke in', () => {
    expect(computeMetrics([], 60_000)).toEqual({
      talkRatio: {},
      longestMonologueMs: 0,
      wordsPerMinute: 0,
      questions: {},
      silenceShare: 1,
      interruptions: 0,
    })
  })

  it('falls back to the last segment end when the duration is unknown', () => {
    const metrics = computeMetrics([seg(0, 1000, 3000, 'A'), seg(1, 3000, 4000, 'B')], 0)
    expect(metrics.silenceShare).toBe(0.25)
  })

  it('counts overlapping segments of one speaker once and clips speech past the duration', () => {
    const metrics = computeMetrics([seg(0, 0, 6000, 'A'), seg(1, 2000, 8000, 'A')], 4000)
    expect(metrics.talkRatio).toEqual({ A: 1 })
    expect(metrics.silenceShare).toBe(0)
    expect(metrics.longestMonologueMs).toBe(8000)
  })

  it('keeps a speaker named __proto__ as a plain key', () => {
    const metrics = computeMetrics([seg(0, 0, 1000, '__proto__', 'Is it? Yes.')], 1000)
    expect(Object.keys(metrics.talkRatio)).toEqual(['__proto__'])
    expect(metrics.questions).toEqual(JSON.parse('{"__proto__":1}'))
    expect(UploadMetrics.safeParse(metrics).success).toBe(true)
  })

  it('does not count a speaker going on with their own words, nor speakers without a name', () => {
    const turns = toTimedTurns([
      seg(0, 0, 10_000, 'A'),
      seg(1, 5000, 6000, 'B'),
      seg(2, 6000, 7000, 'B'),
      seg(3, 7500, 8000, null),
    ])
    expect(countInterruptions(turns)).toBe(1)
  })

  it('does not count a reply that starts the moment the other speaker stops', () => {
    // Whisper writes back-to-back segments: B at 3000 is not inside A's 0–3000.
    expect(countInterruptions(toTimedTurns([seg(0, 0, 3000, 'A'), seg(1, 3000, 5000, 'B')]))).toBe(
      0,
    )
    expect(countInterruptions(toTimedTurns([seg(0, 0, 3000, 'A'), seg(1, 2999, 5000, 'B')]))).toBe(
      1,
    )
  })

  it('counts B once when B pauses briefly while still talking over A', () => {
    // B's second segment starts 50 ms after B's first ends: the same cut-in, not a second one.
    const turns = toTimedTurns([
      seg(0, 0, 10_000, 'A'),
      seg(1, 4000, 5000, 'B'),
      seg(2, 5050, 6000, 'B'),
    ])
    expect(countInterruptions(turns)).toBe(1)
  })

  it('needs the interrupted speaker to have talked for a second', () => {
    expect(countInterruptions(toTimedTurns([seg(0, 0, 3000, 'A'), seg(1, 900, 2000, 'B')]))).toBe(0)
    expect(countInterruptions(toTimedTurns([seg(0, 0, 3000, 'A'), seg(1, 1000, 2000, 'B')]))).toBe(
      1,
    )
  })
})

describe('words and questions', () => {
  it('counts contractions and hyphenated words as one word', () => {
    expect(countWords("We don't need a follow-up, thanks — 40 reps.")).toBe(8)
    expect(countWords('  ... !!! ')).toBe(0)
  })

  it.each([
    ['Do you have the agenda?', true],
    ['Is there a way to export', true],
    ['How does the import work.', true],
    ["Don't you support SSO", true],
    ['What we do is record everything.', false],
    ['We will cover pricing.', false],
    ['Do you have time!', false],
    ['Sounds good?', true],
  ])('%s → %s', (sentence, expected) => {
    expect(isQuestion(sentence)).toBe(expected)
  })
})

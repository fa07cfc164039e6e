import { describe, expect, it } from 'vitest'
import { splitAtSpeakerTurns } from '../../../../src/core/derive/speakers/splitAtSpeakerTurns'

const turns = [
  { startMs: 0, endMs: 2_000, speaker: 0 },
  { startMs: 2_100, endMs: 4_000, speaker: 1 },
]

describe('splitting transcript lines at speaker changes', () => {
  it('cuts a line that spans a change between the words either side of it', () => {
    const segment = {
      startMs: 1_000,
      endMs: 3_500,
      text: 'sounds good. what about pricing?',
      confidence: 0.8,
      words: [
        { startMs: 1_000, endMs: 1_400, text: ' sounds' },
        { startMs: 1_400, endMs: 1_900, text: ' good.' },
        { startMs: 2_150, endMs: 2_500, text: ' what' },
        { startMs: 2_500, endMs: 2_900, text: ' about' },
        { startMs: 2_900, endMs: 3_500, text: ' pricing?' },
      ],
    }
    const pieces = splitAtSpeakerTurns([segment], turns)
    expect(pieces.map((p) => [p.startMs, p.endMs, p.text, p.confidence])).toEqual([
      [1_000, 1_900, 'sounds good.', 0.8],
      [2_150, 3_500, 'what about pricing?', 0.8],
    ])
  })

  it('leaves a line alone when all its words are one speaker, or it has no word times', () => {
    const oneSpeaker = {
      startMs: 100,
      endMs: 1_500,
      text: 'hello there',
      words: [
        { startMs: 100, endMs: 600, text: ' hello' },
        { startMs: 600, endMs: 1_500, text: ' there' },
      ],
    }
    const noWords = { startMs: 1_000, endMs: 3_500, text: 'no word times here' }
    expect(splitAtSpeakerTurns([oneSpeaker, noWords], turns)).toEqual([oneSpeaker, noWords])
  })

  it('gives a word in a pause to the nearest turn', () => {
    const segment = {
      startMs: 1_500,
      endMs: 3_000,
      text: 'yes. right',
      words: [
        { startMs: 1_500, endMs: 1_990, text: ' yes.' },
        { startMs: 2_030, endMs: 2_090, text: ' um' },
        { startMs: 2_400, endMs: 3_000, text: ' right' },
      ],
    }
    // " um" (2030–2090) touches no turn: 30 ms after speaker 0 ends, 10 ms before speaker 1 starts.
    expect(splitAtSpeakerTurns([segment], turns).map((p) => p.text)).toEqual(['yes.', 'um right'])
  })
})

import { describe, expect, it } from 'vitest'
import { clusterSegments } from '../../../../src/core/derive/speakers/clusterSegments'
import { DEFAULT_DIARIZE_OPTIONS } from '../../../../src/core/derive/speakers/diarize'
import { seededRandom, segmentOf, voiceMean } from './syntheticVoices'

const options = DEFAULT_DIARIZE_OPTIONS

describe('clustering speech segments by voice', () => {
  it('finds two voices among alternating turns, numbered by first appearance', () => {
    const random = seededRandom(1)
    const a = voiceMean(random, 1)
    const b = voiceMean(random, 1)
    const truth = [1, 0, 1, 1, 0, 1, 0, 0, 1, 0]
    const segments = truth.map((who, i) => segmentOf(random, who ? b : a, 250 + 40 * i))
    const clusters = clusterSegments(segments, options)
    expect(clusters).toEqual(truth.map((who) => (who ? 0 : 1)))
  })

  it('keeps one voice as one speaker however many turns it takes', () => {
    const random = seededRandom(2)
    const voice = voiceMean(random, 1)
    const segments = Array.from({ length: 40 }, (_, i) =>
      segmentOf(random, voice, 120 + 37 * (i % 9)),
    )
    expect(new Set(clusterSegments(segments, options))).toEqual(new Set([0]))
  })

  it('finds three voices and gives short backchannels to the voice they sound like', () => {
    const random = seededRandom(3)
    const voices = [voiceMean(random, 1), voiceMean(random, 1), voiceMean(random, 1)]
    // [voice, frames]: frames under minSeedFrames (200) are not seeds, they are assigned after.
    const script: [number, number][] = [
      [0, 600], [1, 500], [2, 450], [0, 40], [1, 700], [2, 60], [0, 520], [2, 480], [1, 50], [0, 300],
    ] // prettier-ignore
    const segments = script.map(([voice, frames]) => segmentOf(random, voices[voice] ?? [], frames))
    expect(clusterSegments(segments, options)).toEqual(script.map(([voice]) => voice))
  })

  it('never answers with more than six speakers', () => {
    const random = seededRandom(4)
    const voices = Array.from({ length: 9 }, () => voiceMean(random, 2))
    const segments = voices.flatMap((voice) => [
      segmentOf(random, voice, 400),
      segmentOf(random, voice, 400),
    ])
    const clusters = clusterSegments(segments, options)
    expect(new Set(clusters).size).toBe(6)
    // Each voice's two turns still land together.
    for (let v = 0; v < voices.length; v++) expect(clusters[2 * v]).toBe(clusters[2 * v + 1])
  })

  it('folds a cluster with too little speech into its nearest neighbour instead of inventing a speaker', () => {
    const random = seededRandom(5)
    const a = voiceMean(random, 1)
    const stray = voiceMean(random, 3)
    const segments = [
      segmentOf(random, a, 900),
      segmentOf(random, stray, 220),
      segmentOf(random, a, 900),
    ]
    expect(clusterSegments(segments, options)).toEqual([0, 0, 0])
  })

  it('answers nothing for nothing', () => {
    expect(clusterSegments([], options)).toEqual([])
  })
})

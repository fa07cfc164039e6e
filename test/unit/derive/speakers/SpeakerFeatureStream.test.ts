import { describe, expect, it } from 'vitest'
import { GaussianStats } from '../../../../src/core/derive/speakers/GaussianStats'
import {
  BLOCK_MS,
  MFCC_DIMS,
  SpeakerFeatureStream,
} from '../../../../src/core/derive/speakers/SpeakerFeatureStream'
import { jfkPcm } from '../../../integration/transcribe/support/fixtures'

function features(pcm: Float32Array, chunkSamples: number) {
  const stream = new SpeakerFeatureStream()
  for (let at = 0; at < pcm.length; at += chunkSamples) {
    stream.push(pcm.subarray(at, at + chunkSamples))
  }
  return stream.finish()
}

describe('streaming speaker features', () => {
  it('gives the same features however the PCM is chunked', async () => {
    const pcm = await jfkPcm()
    const whole = features(pcm, pcm.length)
    for (const chunk of [1, 333, 4096]) {
      const chunked = features(pcm, chunk)
      expect(chunked.blockCount).toBe(whole.blockCount)
      expect(Array.from(chunked.stats)).toEqual(Array.from(whole.stats))
    }
  })

  it('keeps one small block of statistics per 250 ms and finds voice in speech, none in silence', async () => {
    const speech = await jfkPcm()
    const silence = new Float32Array(16_000 * 2)
    const pcm = new Float32Array(speech.length + silence.length)
    pcm.set(silence, 0)
    pcm.set(speech, silence.length)
    const blocks = features(pcm, 4096)
    const frames = Math.floor((pcm.length - 400) / 160) + 1
    expect(blocks.blockCount).toBe(Math.ceil(frames / 25))
    expect(blocks.blockMs).toBe(BLOCK_MS)
    const size = GaussianStats.packedSize(MFCC_DIMS)
    expect(blocks.stats.length).toBe(blocks.blockCount * size)
    const voiced = (b: number): number => blocks.stats[b * size] ?? 0
    // Frames reach 25 ms ahead of their block, so the last block that is all silence starts ≤ 1.975 s.
    const silentBlocks = Math.floor((2000 - 25) / BLOCK_MS)
    for (let b = 0; b < silentBlocks; b++) expect(voiced(b)).toBe(0)
    let voicedFrames = 0
    for (let b = silentBlocks; b < blocks.blockCount; b++) voicedFrames += voiced(b)
    // JFK speaks for most of the 11 s, with pauses between phrases.
    expect(voicedFrames / ((blocks.blockCount - silentBlocks) * 25)).toBeGreaterThan(0.4)
  })

  it('refuses audio after it was finished, rather than silently dropping it', () => {
    const stream = new SpeakerFeatureStream()
    stream.finish()
    expect(() => {
      stream.push(new Float32Array(10))
    }).toThrow(/after finish/)
  })
})

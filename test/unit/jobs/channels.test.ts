import { describe, expect, it } from 'vitest'
import { ChannelEnergyMeter } from '../../../src/core/jobs/ChannelEnergyMeter'
import { mixToMono } from '../../../src/core/jobs/mixToMono'

async function* chunks(...parts: Float32Array[]) {
  await Promise.resolve()
  yield* parts
}

describe('two-channel recordings', () => {
  it('mixes stereo to mono as (L+R)/2 and meters each channel per 100 ms frame', async () => {
    // 0.2 s at 16 kHz: left loud (0.5) then silent, right always silent; split across chunk borders.
    const frames = 3200
    const interleaved = new Float32Array(frames * 2)
    for (let i = 0; i < frames; i++) interleaved[2 * i] = i < 1600 ? 0.5 : 0
    const meter = new ChannelEnergyMeter(2)
    const mono: number[] = []
    for await (const chunk of mixToMono(
      chunks(interleaved.subarray(0, 1001), interleaved.subarray(1001)),
      meter,
    )) {
      mono.push(...chunk)
    }
    expect(mono).toHaveLength(frames)
    expect(mono[0]).toBeCloseTo(0.25)
    expect(mono[frames - 1]).toBe(0)
    expect(Array.from(meter.result())).toEqual([0.5, 0, 0, 0])
  })
})

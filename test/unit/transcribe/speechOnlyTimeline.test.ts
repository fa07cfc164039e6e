import { describe, expect, it } from 'vitest'
import { SpeechOnlyTimeline } from '../../../src/core/transcribe/SpeechOnlyTimeline'

async function collect(source: AsyncIterable<Float32Array>): Promise<Float32Array> {
  const parts: Float32Array[] = []
  for await (const part of source) parts.push(part)
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** A ramp: sample i holds i + 1, so where each packed sample came from can be read back. */
async function* ramp(samples: number, chunk: number): AsyncGenerator<Float32Array> {
  for (let at = 0; at < samples; at += chunk) {
    await Promise.resolve()
    yield Float32Array.from({ length: Math.min(chunk, samples - at) }, (_, i) => at + i + 1)
  }
}

describe('speech-only timeline', () => {
  const regions = [
    { startMs: 100, endMs: 300 },
    { startMs: 1000, endMs: 1050 },
  ]

  it('keeps exactly the region samples, joined by silence, whatever the chunk size', async () => {
    for (const chunk of [7, 160, 1601, 100_000]) {
      const timeline = new SpeechOnlyTimeline(regions, 10)
      const packed = await collect(timeline.keep(ramp(32_000, chunk)))
      expect(timeline.packedMs).toBe(200 + 10 + 50)
      expect(packed.length).toBe(timeline.packedMs * 16)
      expect(packed[0]).toBe(1601) // sample 1600 (100 ms)
      expect(packed[200 * 16 - 1]).toBe(4800)
      expect([...packed.subarray(200 * 16, 210 * 16)].every((v) => v === 0)).toBe(true)
      expect(packed[210 * 16]).toBe(16_001)
      expect(packed.at(-1)).toBe(16_800)
    }
  })

  it('maps packed times back to the recording, a joining pause to the region it borders', () => {
    const timeline = new SpeechOnlyTimeline(regions, 10)
    expect(timeline.toSourceMs(0, 'start')).toBe(100)
    expect(timeline.toSourceMs(150, 'end')).toBe(250)
    expect(timeline.toSourceMs(205, 'start')).toBe(1000)
    expect(timeline.toSourceMs(205, 'end')).toBe(300)
    expect(timeline.toSourceMs(230, 'end')).toBe(1020)
    expect(timeline.toSourceMs(999, 'end')).toBe(1050)
  })

  it('has nothing to transcribe when no region holds speech', async () => {
    const timeline = new SpeechOnlyTimeline([])
    expect(timeline.isEmpty).toBe(true)
    expect(await collect(timeline.keep(ramp(1000, 100)))).toHaveLength(0)
  })
})

import { describe, expect, it } from 'vitest'
import { findQuietCut } from '../../../src/core/transcribe/findQuietCut'
import { windowPcm, type PcmWindow } from '../../../src/core/transcribe/windowPcm'

async function* chunks(total: number, size: number, value: (i: number) => number) {
  for (let at = 0; at < total; at += size) {
    await Promise.resolve()
    yield Float32Array.from({ length: Math.min(size, total - at) }, (_, i) => value(at + i))
  }
}

async function collect(source: AsyncIterable<PcmWindow>): Promise<PcmWindow[]> {
  const out: PcmWindow[] = []
  for await (const w of source) out.push(w)
  return out
}

describe('windowPcm', () => {
  it('regroups chunks of any size into contiguous windows no longer than the limit', async () => {
    const windows = await collect(
      windowPcm(
        chunks(10_007, 333, (i) => i),
        { windowSamples: 1000, searchSamples: 200 },
      ),
    )
    let next = 0
    for (const w of windows) {
      expect(w.startSample).toBe(next)
      expect(w.samples.length).toBeLessThanOrEqual(1000)
      expect(w.samples[0]).toBe(next)
      next += w.samples.length
    }
    expect(next).toBe(10_007)
  })

  it('cuts in the quiet part near the end of a window', async () => {
    // Loud everywhere except 960–1279: the cut lands there, not at the limit.
    const loud = (i: number) => (i % 5000 >= 960 && i % 5000 < 1280 ? 0 : 0.5)
    const windows = await collect(
      windowPcm(chunks(5000, 700, loud), { windowSamples: 1600, searchSamples: 1000 }),
    )
    expect(windows[0]?.samples.length).toBe(960)
  })

  it('yields nothing for no input', async () => {
    expect(
      await collect(
        windowPcm(
          chunks(0, 10, () => 0),
          { windowSamples: 10, searchSamples: 2 },
        ),
      ),
    ).toEqual([])
  })
})

describe('findQuietCut', () => {
  it('prefers the latest frame when all frames are equally loud', () => {
    const samples = new Float32Array(4000).fill(0.3)
    expect(findQuietCut(samples, 3200, 1000)).toBe(2880)
  })
})

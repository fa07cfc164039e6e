import { describe, expect, it } from 'vitest'
import { toFloat32Chunks } from '../../../src/core/media/toFloat32Chunks'

async function* pieces(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0
  for (const cut of [...cuts, bytes.length]) {
    // An odd offset into a shared buffer, as a pipe may deliver it.
    const padded = new Uint8Array(cut - at + 1)
    padded.set(bytes.subarray(at, cut), 1)
    await Promise.resolve() // a pipe hands pieces over asynchronously
    yield padded.subarray(1)
    at = cut
  }
}

async function collect(source: AsyncIterable<Float32Array>): Promise<Float32Array[]> {
  const out: Float32Array[] = []
  for await (const chunk of source) out.push(chunk)
  return out
}

describe('toFloat32Chunks', () => {
  const samples = Float32Array.from({ length: 12 }, (_, i) => i / 10 - 0.5)
  const bytes = new Uint8Array(samples.buffer)

  it('reassembles samples cut at arbitrary byte offsets', async () => {
    const chunks = await collect(toFloat32Chunks(pieces(bytes, [1, 3, 7, 22, 23]), 1))
    expect(Float32Array.from(chunks.flatMap((c) => [...c]))).toEqual(samples)
  })

  it('never splits a stereo frame across chunks', async () => {
    const chunks = await collect(toFloat32Chunks(pieces(bytes, [5, 13, 30]), 2))
    for (const chunk of chunks) expect(chunk.length % 2).toBe(0)
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(12)
  })

  it('drops a trailing partial frame', async () => {
    const chunks = await collect(toFloat32Chunks(pieces(bytes.subarray(0, 46), [10]), 2))
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(10)
  })
})

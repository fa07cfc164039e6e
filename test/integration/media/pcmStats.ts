import { PCM_SAMPLE_RATE } from '../../../src/core/media/types'

export async function collectPcm(chunks: AsyncIterable<Float32Array>): Promise<Float32Array> {
  const parts: Float32Array[] = []
  let length = 0
  for await (const chunk of chunks) {
    parts.push(chunk)
    length += chunk.length
  }
  const all = new Float32Array(length)
  let at = 0
  for (const part of parts) {
    all.set(part, at)
    at += part.length
  }
  return all
}

/** RMS of one channel of interleaved PCM between two times (seconds). */
export function rms(
  pcm: Float32Array,
  { channels, channel, from, to }: { channels: number; channel: number; from: number; to: number },
): number {
  const first = Math.floor(from * PCM_SAMPLE_RATE)
  const last = Math.min(Math.floor(to * PCM_SAMPLE_RATE), pcm.length / channels)
  let sum = 0
  for (let frame = first; frame < last; frame++) sum += (pcm[frame * channels + channel] ?? 0) ** 2
  return Math.sqrt(sum / Math.max(1, last - first))
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)))
  }
  return max
}

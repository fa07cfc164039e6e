import type { ChannelEnergyMeter } from './ChannelEnergyMeter'

/**
 * Averages interleaved stereo into mono for the transcriber, metering each channel on the way, so a
 * two-channel recording is decoded once. (L+R)/2 is the same downmix ffmpeg's `-ac 1` applies.
 * Chunks may end mid-frame (pipes cut anywhere), so an odd trailing sample waits for the next chunk.
 */
export async function* mixToMono(
  stereo: AsyncIterable<Float32Array>,
  meter: ChannelEnergyMeter,
): AsyncGenerator<Float32Array> {
  let carry: number | null = null
  for await (const chunk of stereo) {
    let frames: Float32Array = chunk
    if (carry !== null) {
      frames = new Float32Array(chunk.length + 1)
      frames[0] = carry
      frames.set(chunk, 1)
      carry = null
    }
    if (frames.length % 2 === 1) {
      carry = frames[frames.length - 1] ?? 0
      frames = frames.subarray(0, frames.length - 1)
    }
    meter.add(frames)
    const mono = new Float32Array(frames.length >> 1)
    for (let i = 0; i < mono.length; i++) {
      mono[i] = ((frames[2 * i] ?? 0) + (frames[2 * i + 1] ?? 0)) / 2
    }
    yield mono
  }
}

import { findQuietCut } from './findQuietCut'

export interface PcmWindow {
  /** Index of the window's first sample in the whole recording. */
  startSample: number
  samples: Float32Array
}

export interface WindowPcmOptions {
  /** Longest window, in samples. */
  windowSamples: number
  /** How far back from the window's end to look for a quiet place to cut, in samples. */
  searchSamples: number
}

/**
 * Regroups PCM chunks of any size into windows of at most `windowSamples`, cut at a quiet frame.
 * Holds at most one window plus one chunk, so memory stays flat whatever the recording's length.
 */
export async function* windowPcm(
  chunks: AsyncIterable<Float32Array>,
  options: WindowPcmOptions,
): AsyncGenerator<PcmWindow> {
  const { windowSamples, searchSamples } = options
  const buffer = new Float32Array(windowSamples * 2)
  let length = 0
  let startSample = 0

  for await (const chunk of chunks) {
    let offset = 0
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, buffer.length - length)
      buffer.set(chunk.subarray(offset, offset + take), length)
      length += take
      offset += take
      while (length >= windowSamples) {
        const cut = findQuietCut(buffer, windowSamples, searchSamples)
        yield { startSample, samples: buffer.slice(0, cut) }
        buffer.copyWithin(0, cut, length)
        length -= cut
        startSample += cut
      }
    }
  }
  if (length > 0) yield { startSample, samples: buffer.slice(0, length) }
}

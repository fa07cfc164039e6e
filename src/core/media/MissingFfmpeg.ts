import type { MediaError } from './MediaError'
import type { DecodeOptions, MediaBackend, ProbeResult } from './types'

/**
 * Stands in for the native backend when ffmpeg cannot be found, so building the core never throws
 * (commands that need no media still work) and every media call fails with the resolver's sentence.
 */
export class MissingFfmpeg implements MediaBackend {
  readonly kind = 'native'

  constructor(readonly error: MediaError) {}

  probe(_file: string, _signal?: AbortSignal): Promise<ProbeResult> {
    return Promise.reject(this.error)
  }

  decodeToPcm(_file: string, _options?: DecodeOptions): AsyncIterable<Float32Array> {
    const { error } = this
    return {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }),
    }
  }
}

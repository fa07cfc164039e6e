export interface AudioStreamInfo {
  index: number
  codec: string
  channels: number
  sampleRate: number
}

export interface ProbeResult {
  /** ffmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "wav", "mp3". */
  container: string
  durationMs: number
  audioStreams: AudioStreamInfo[]
  hasVideo: boolean
  /**
   * When the file says it was recorded (the container's `creation_time` tag, ISO 8601 UTC), null
   * when it has none or one that is not a date (some writers put 1970 or 1904 there).
   */
  creationTime?: string | null
}

/** Output of decode: always 16 kHz float32. */
export const PCM_SAMPLE_RATE = 16_000

/**
 * 'mono' (default): one channel, the mix, for transcription.
 * 'stereo': two interleaved channels [L0, R0, L1, R1, …] kept apart, for speaker attribution of
 * call recorders that put each party on its own channel.
 * `{ channel: n }`: only the source's channel n (0 = left), mono, so each party of a multi-channel
 * call can be transcribed on its own.
 */
export type PcmLayout = 'mono' | 'stereo' | { channel: number }

export interface DecodeOptions {
  layout?: PcmLayout
  signal?: AbortSignal
}

/** One way of running ffmpeg: the native binary (fast path) or ffmpeg.wasm (portable, sandboxed). */
export interface MediaBackend {
  readonly kind: 'native' | 'wasm'
  probe(file: string, signal?: AbortSignal): Promise<ProbeResult>
  /** Streams PCM chunks; never holds the whole file's audio in memory (native path). */
  decodeToPcm(file: string, options?: DecodeOptions): AsyncIterable<Float32Array>
}

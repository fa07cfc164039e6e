export interface TranscribedSegment {
  startMs: number
  endMs: number
  text: string
  /** Mean token probability, 0–1, where the engine reports it. */
  confidence?: number
  /**
   * Whisper's text tokens with their times on the recording, where the engine reports them: what a
   * line spanning a change of speaker is split by (derive/speakers/splitAtSpeakerTurns).
   */
  words?: { startMs: number; endMs: number; text: string }[]
}

export interface TranscribeOptions {
  /** 'auto' or an ISO 639-1 code such as 'en'. */
  language?: string
  threads?: number
  /** Custom vocabulary (product and competitor names) given to the decoder as a prompt. */
  initialPrompt?: string
  /** Total audio length, when known, so progress can be reported as a percentage. */
  totalMs?: number
  signal?: AbortSignal
  onProgress?: (percent: number) => void
  onSegment?: (segment: TranscribedSegment) => void
}

/** whisper.cpp behind a small interface: 16 kHz mono float32 PCM in, segments out as produced. */
export interface Transcriber {
  transcribe(
    pcm: AsyncIterable<Float32Array>,
    options?: TranscribeOptions,
  ): Promise<TranscribedSegment[]>
  dispose(): Promise<void>
}

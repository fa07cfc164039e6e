import { PCM_SAMPLE_RATE } from '../media/types'

/**
 * At or above this magnitude a sample counts as clipped. ffmpeg hands float PCM in [−1, 1]; a
 * clipped 16-bit source sits at 32767/32768 ≈ 0.99997, and lossy codecs ring a little below full
 * scale around a clipped peak, so 0.99 catches both while ordinary speech peaks stay under it.
 */
export const CLIP_LEVEL = 0.99

/** What the meter keeps of the audio: mean power per frame and the clipped-sample count. */
export interface AudioLevels {
  frameMs: number
  /** Mean square of the samples of each frame (all channels together), 0–1. */
  power: Float32Array
  clippedSamples: number
  samples: number
}

/**
 * Streaming level meter for the call-quality report: give it the PCM chunks the transcriber (or
 * the channel pass) already gets, interleaved when there are several channels, cut anywhere. It
 * keeps one number per 50 ms frame (288 KB for an hour), never audio, so the file is decoded once.
 */
export class CallQualityMeter {
  private readonly frameSamples: number
  private readonly frames: number[] = []
  private sum = 0
  private filled = 0
  private clipped = 0
  private total = 0

  constructor(
    readonly channels = 1,
    readonly frameMs = 50,
  ) {
    this.frameSamples = Math.round((PCM_SAMPLE_RATE * frameMs) / 1000) * channels
  }

  add(pcm: Float32Array): void {
    for (let i = 0; i < pcm.length; i++) {
      const sample = pcm[i] ?? 0
      this.sum += sample * sample
      if (sample >= CLIP_LEVEL || sample <= -CLIP_LEVEL) this.clipped++
      if (++this.filled === this.frameSamples) this.closeFrame()
    }
    this.total += pcm.length
  }

  /** Passes chunks through unchanged while metering them, so one decode feeds every consumer. */
  async *tap(pcm: AsyncIterable<Float32Array>): AsyncGenerator<Float32Array> {
    for await (const chunk of pcm) {
      this.add(chunk)
      yield chunk
    }
  }

  /**
   * Takes in meters of one channel each (a recording with more channels than the decoder's
   * layouts, decoded channel by channel), as if their samples had come interleaved: a frame's
   * power is the mean of the channels' powers, clipped and total samples add up.
   */
  addChannels(meters: readonly CallQualityMeter[]): void {
    const levels = meters.map((meter) => meter.result())
    const frames = Math.max(0, ...levels.map((level) => level.power.length))
    for (let f = 0; f < frames; f++) {
      let sum = 0
      for (const level of levels) sum += level.power[f] ?? 0
      this.frames.push(sum / Math.max(1, levels.length))
    }
    for (const level of levels) {
      this.clipped += level.clippedSamples
      this.total += level.samples
    }
  }

  result(): AudioLevels {
    if (this.filled > 0) this.closeFrame()
    return {
      frameMs: this.frameMs,
      power: Float32Array.from(this.frames),
      clippedSamples: this.clipped,
      samples: this.total,
    }
  }

  private closeFrame(): void {
    this.frames.push(this.sum / this.filled)
    this.sum = 0
    this.filled = 0
  }
}

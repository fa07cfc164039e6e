import { PCM_SAMPLE_RATE } from '../media/types'

/**
 * RMS loudness of each channel in fixed frames. For call recorders that put each party on its own
 * channel this is what speaker attribution needs later, and it is derived data, not audio: 100 ms
 * frames cannot be turned back into speech.
 */
export class ChannelEnergyMeter {
  private readonly frameSamples: number
  private readonly sums: number[]
  private filled = 0
  private readonly frames: number[] = []

  constructor(
    readonly channels: number,
    readonly frameMs = 100,
  ) {
    this.frameSamples = Math.round((PCM_SAMPLE_RATE * frameMs) / 1000)
    this.sums = new Array<number>(channels).fill(0)
  }

  /** Interleaved samples: [c0, c1, …, c0, c1, …]. */
  add(interleaved: Float32Array): void {
    const { channels } = this
    for (let i = 0; i + channels - 1 < interleaved.length; i += channels) {
      for (let c = 0; c < channels; c++) {
        const sample = interleaved[i + c] ?? 0
        this.sums[c] = (this.sums[c] ?? 0) + sample * sample
      }
      if (++this.filled === this.frameSamples) this.closeFrame()
    }
  }

  /** One RMS value per channel per frame, interleaved like the input. */
  result(): Float32Array {
    if (this.filled > 0) this.closeFrame()
    return Float32Array.from(this.frames)
  }

  private closeFrame(): void {
    for (let c = 0; c < this.channels; c++) {
      this.frames.push(Math.sqrt((this.sums[c] ?? 0) / this.filled))
      this.sums[c] = 0
    }
    this.filled = 0
  }
}

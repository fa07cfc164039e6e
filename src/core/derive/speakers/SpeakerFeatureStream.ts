import { GaussianStats } from './GaussianStats'
import { MfccFrontEnd } from './MfccFrontEnd'

const SAMPLE_RATE = 16_000
const FRAME_SAMPLES = 400 // 25 ms
const HOP_SAMPLES = 160 // 10 ms
export const FRAME_MS = (HOP_SAMPLES * 1000) / SAMPLE_RATE
export const FRAMES_PER_BLOCK = 25
/** Features are pooled per block of this length: the time resolution of speaker turns. */
export const BLOCK_MS = FRAMES_PER_BLOCK * FRAME_MS
export const MFCC_DIMS = 13

/** Below this a frame is silence whatever the noise floor (−55 dBFS RMS is far under any voice). */
const ABSOLUTE_FLOOR_DB = -55
/** A voiced frame stands this far above the recent noise floor. */
const FLOOR_MARGIN_DB = 12
/** The noise floor is the quietest frame of the last this-many blocks (3 s). */
const FLOOR_MEMORY_BLOCKS = 12

/**
 * What the diarizer keeps of a recording: per 250 ms block, the Gaussian sufficient statistics of
 * its voiced MFCC frames (count 0 for silence). 105 float32 per block — about 6 MB for an hour,
 * against 230 MB for the PCM — and no audio can be rebuilt from it.
 */
export interface SpeechBlocks {
  dims: number
  blockMs: number
  blockCount: number
  /** `blockCount` runs of GaussianStats.packedSize(dims) values. */
  stats: Float32Array
}

/**
 * Streaming speaker features: give it the 16 kHz mono PCM chunks the transcriber gets, in order,
 * cut anywhere; the result depends only on the samples, not on how they were chunked.
 */
export class SpeakerFeatureStream {
  private readonly frontEnd = new MfccFrontEnd(FRAME_SAMPLES, SAMPLE_RATE, 26, MFCC_DIMS)
  private readonly frame = new Float32Array(FRAME_SAMPLES)
  private frameFill = 0
  private readonly cepstrum = new Float64Array(MFCC_DIMS)
  private readonly packedSize = GaussianStats.packedSize(MFCC_DIMS)
  private block = new GaussianStats(MFCC_DIMS)
  private framesInBlock = 0
  private blockMinDb = Infinity
  private readonly recentMinima: number[] = []
  private stats = new Float32Array(1024 * GaussianStats.packedSize(MFCC_DIMS))
  private blockCount = 0
  private finished = false

  push(pcm: Float32Array): void {
    if (this.finished) throw new Error('SpeakerFeatureStream.push after finish')
    let offset = 0
    while (offset < pcm.length) {
      const take = Math.min(FRAME_SAMPLES - this.frameFill, pcm.length - offset)
      this.frame.set(pcm.subarray(offset, offset + take), this.frameFill)
      this.frameFill += take
      offset += take
      if (this.frameFill === FRAME_SAMPLES) {
        this.analyseFrame()
        this.frame.copyWithin(0, HOP_SAMPLES)
        this.frameFill = FRAME_SAMPLES - HOP_SAMPLES
      }
    }
  }

  /** Passes chunks through unchanged while measuring them, so one decode feeds both consumers. */
  async *tap(pcm: AsyncIterable<Float32Array>): AsyncGenerator<Float32Array> {
    for await (const chunk of pcm) {
      this.push(chunk)
      yield chunk
    }
  }

  finish(): SpeechBlocks {
    if (!this.finished) {
      if (this.framesInBlock > 0) this.closeBlock()
      this.finished = true
    }
    return {
      dims: MFCC_DIMS,
      blockMs: BLOCK_MS,
      blockCount: this.blockCount,
      stats: this.stats.subarray(0, this.blockCount * this.packedSize),
    }
  }

  private analyseFrame(): void {
    const db = this.frontEnd.compute(this.frame, this.cepstrum)
    let floor = Math.min(this.blockMinDb, db)
    for (const min of this.recentMinima) floor = Math.min(floor, min)
    if (db > ABSOLUTE_FLOOR_DB && db > floor + FLOOR_MARGIN_DB) this.block.addVector(this.cepstrum)
    this.blockMinDb = Math.min(this.blockMinDb, db)
    if (++this.framesInBlock === FRAMES_PER_BLOCK) this.closeBlock()
  }

  private closeBlock(): void {
    if ((this.blockCount + 1) * this.packedSize > this.stats.length) {
      const grown = new Float32Array(this.stats.length * 2)
      grown.set(this.stats)
      this.stats = grown
    }
    this.block.writePacked(this.stats, this.blockCount * this.packedSize)
    this.blockCount++
    this.recentMinima.push(this.blockMinDb)
    if (this.recentMinima.length > FLOOR_MEMORY_BLOCKS) this.recentMinima.shift()
    this.block = new GaussianStats(MFCC_DIMS)
    this.framesInBlock = 0
    this.blockMinDb = Infinity
  }
}

import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as Ort from 'onnxruntime-node'

/** Silero VAD v5/v6 reads 512 new samples at 16 kHz (32 ms) with the previous 64 as context. */
export const VAD_WINDOW_SAMPLES = 512
const CONTEXT_SAMPLES = 64
export const VAD_WINDOW_MS = 32
const SILENT_RMS = 0.001
/** SHA-256 of resources/vad/silero_vad.onnx (snakers4/silero-vad, MIT), checked before loading. */
export const SILERO_SHA256 = '1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3'

/**
 * The Silero voice activity model (https://github.com/snakers4/silero-vad) through onnxruntime's
 * CPU provider: one speech probability per 32 ms window of 16 kHz mono. Stateful (an RNN), so one
 * instance follows one channel from its start; `reset()` starts a new stream.
 */
export class SileroVad {
  private state: Float32Array = new Float32Array(2 * 128)
  private context: Float32Array = new Float32Array(CONTEXT_SAMPLES)
  private pending: Float32Array = new Float32Array(0)
  private readonly sr: Ort.Tensor
  readonly probabilities: number[] = []

  private constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
  ) {
    this.sr = new ort.Tensor('int64', BigInt64Array.from([16_000n]), [])
  }

  /**
   * Null when onnxruntime or the model cannot be loaded here, or the file is not the shipped model
   * (SHA-256 pinned): callers fall back to energy.
   */
  static async load(modelPath: string): Promise<SileroVad | null> {
    try {
      const sha256 = createHash('sha256').update(readFileSync(modelPath)).digest('hex')
      if (sha256 !== SILERO_SHA256) return null
      const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof Ort
      const session = await ort.InferenceSession.create(modelPath, {
        executionProviders: ['cpu'],
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
      })
      return new SileroVad(ort, session)
    } catch {
      return null
    }
  }

  /** Another stream on the same loaded model (weights shared, state fresh). */
  fork(): SileroVad {
    return new SileroVad(this.ort, this.session)
  }

  /** Feeds samples; every full window's speech probability is appended to `probabilities`. */
  async push(samples: Float32Array): Promise<void> {
    let data = samples
    if (this.pending.length > 0) {
      data = new Float32Array(this.pending.length + samples.length)
      data.set(this.pending)
      data.set(samples, this.pending.length)
    }
    let at = 0
    for (; at + VAD_WINDOW_SAMPLES <= data.length; at += VAD_WINDOW_SAMPLES) {
      await this.window(data.subarray(at, at + VAD_WINDOW_SAMPLES))
    }
    this.pending = data.slice(at)
  }

  /** The trailing partial window, padded with silence. */
  async finish(): Promise<number[]> {
    if (this.pending.length > 0) {
      const last = new Float32Array(VAD_WINDOW_SAMPLES)
      last.set(this.pending)
      this.pending = new Float32Array(0)
      await this.window(last)
    }
    return this.probabilities
  }

  private async window(samples: Float32Array): Promise<void> {
    // Below −60 dBFS there is no voice to find: the model is not run (most of a channel's time
    // in a call is the other party's turn), and the RNN state carries over to the next sound.
    let energy = 0
    for (const sample of samples) energy += sample * sample
    if (Math.sqrt(energy / samples.length) < SILENT_RMS) {
      this.context = samples.slice(-CONTEXT_SAMPLES)
      this.probabilities.push(0)
      return
    }
    const input = new Float32Array(CONTEXT_SAMPLES + VAD_WINDOW_SAMPLES)
    input.set(this.context)
    input.set(samples, CONTEXT_SAMPLES)
    this.context = input.slice(-CONTEXT_SAMPLES)
    const { ort } = this
    const out = await this.session.run({
      input: new ort.Tensor('float32', input, [1, input.length]),
      state: new ort.Tensor('float32', this.state, [2, 1, 128]),
      sr: this.sr,
    })
    this.state = Float32Array.from(out.stateN?.data as Float32Array)
    this.probabilities.push((out.output?.data as Float32Array)[0] ?? 0)
  }
}

/**
 * Where the shipped model is: beside the app's resources when packaged (electron-builder copies
 * `resources/` to process.resourcesPath), else in the checkout (CLI, tests, dev).
 */
export function sileroModelPath(): string | null {
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [
    ...(packaged ? [join(packaged, 'resources', 'vad', 'silero_vad.onnx')] : []),
    join(here, '..', '..', '..', 'resources', 'vad', 'silero_vad.onnx'),
    join(here, '..', '..', 'resources', 'vad', 'silero_vad.onnx'),
    join(here, '..', 'resources', 'vad', 'silero_vad.onnx'),
  ]
  return candidates.find((path) => existsSync(path)) ?? null
}

import { basename, resolve } from 'node:path'
import { noteSeccompWallReport } from '../egress/seccompWallReports'
import { cancelledError } from './cancelledError'
import { checkInputFile } from './checkInputFile'
import { classifyFfmpegFailure } from './classifyFfmpegFailure'
import { forkWasmDecoder } from './forkWasmDecoder'
import { looksLikeMedia } from './looksLikeMedia'
import { MediaError } from './MediaError'
import { parseProbeJson } from './parseProbeJson'
import { readFileHead } from './readFileHead'
import { toFloat32Chunks } from './toFloat32Chunks'
import type { DecodeOptions, MediaBackend, PcmLayout, ProbeResult } from './types'
import type { SpawnWasmDecoder, WasmDecoderHandle } from './WasmDecoderHandle'
import { WasmDecoderOutcome } from './wasmDecoderMessages'
import type { WasmDecoderTask } from './wasmDecoderTask'

/**
 * Largest input the wasm backend accepts. The input is not copied into the 2 GiB wasm heap: the
 * decoder mounts it through WORKERFS over a file descriptor and ffmpeg reads it lazily, and PCM
 * leaves through a device, so neither side is heap-bound. Measured here: a 2.3 GB WAV (3.3 h)
 * decoded whole in 23 s at 188 MB RSS; reading at offset 4.6 GB of a 4.6 GB RF64 WAV was exact.
 * We promise what we measured, rounded down: 4 GiB.
 */
export const WASM_MAX_INPUT_BYTES = 4 * 1024 ** 3

export interface WasmFfmpegOptions {
  maxInputBytes?: number
  /** How the decoder process starts; default `forkWasmDecoder` (Node). Electron: utilityProcess. */
  spawnDecoder?: SpawnWasmDecoder
}

/** How much of the decoder's stderr a crash report keeps. */
const STDERR_TAIL_CHARS = 2_000

/**
 * ffmpeg.wasm (@ffmpeg/core, single-threaded) driven directly in Node: the portable fallback when no
 * native ffmpeg exists. Each call runs in a decoder process of its own (wasmDecoder.ts), started
 * behind the OS network wall like native ffmpeg (issue 9) and killed when the call ends, fails or
 * is cancelled. The process reads only the one input, through a file descriptor.
 */
export class WasmFfmpeg implements MediaBackend {
  readonly kind = 'wasm'
  readonly maxInputBytes: number
  private readonly spawnDecoder: SpawnWasmDecoder

  constructor(options: WasmFfmpegOptions = {}) {
    this.maxInputBytes = options.maxInputBytes ?? WASM_MAX_INPUT_BYTES
    this.spawnDecoder = options.spawnDecoder ?? forkWasmDecoder
  }

  async probe(file: string, signal?: AbortSignal): Promise<ProbeResult> {
    const path = resolve(file)
    await this.admit(path, signal)
    const run = startDecoder(this.spawnDecoder({ task: 'probe', input: path }))
    const stop = (): void => void run.stop()
    signal?.addEventListener('abort', stop, { once: true })
    try {
      run.handle.stdout.resume()
      const outcome = await run.outcome
      if (signal?.aborted) throw cancelledError(path)
      if (outcome.type !== 'probe') throw crashed(path, outcomeDetail(outcome))
      // ffprobe.wasm reports no exit status; a run that read the input always emits a format.
      if (!outcome.json.includes('"format"')) throw await classify(path, outcome.stderr)
      return parseProbeJson(outcome.json, path)
    } catch (error) {
      if (signal?.aborted) throw cancelledError(path)
      throw error
    } finally {
      signal?.removeEventListener('abort', stop)
      await run.stop()
    }
  }

  decodeToPcm(file: string, options: DecodeOptions = {}): AsyncIterable<Float32Array> {
    return this.decode(resolve(file), options.layout ?? 'mono', options.signal)
  }

  private async *decode(
    path: string,
    layout: PcmLayout,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<Float32Array, void, undefined> {
    await this.admit(path, signal)
    const task: WasmDecoderTask = { task: 'decode', input: path, layout: wholeChannel(layout) }
    const run = startDecoder(this.spawnDecoder(task))
    const stop = (): void => void run.stop()
    signal?.addEventListener('abort', stop, { once: true })
    async function* bytes(): AsyncGenerator<Uint8Array, void, undefined> {
      for await (const piece of run.handle.stdout as AsyncIterable<Uint8Array>) {
        // A fast decode can finish before the abort lands; once cancelled, no buffered chunk or
        // normal end is reported: the caller asked to stop (seen as a flaky test on short files).
        if (signal?.aborted) throw cancelledError(path)
        yield piece
      }
      const outcome = await run.outcome
      if (signal?.aborted) throw cancelledError(path)
      if (outcome.type !== 'done') throw crashed(path, outcomeDetail(outcome))
      if (outcome.exitCode !== 0) throw await classify(path, outcome.stderr)
    }
    try {
      yield* toFloat32Chunks(bytes(), layout === 'stereo' ? 2 : 1)
    } catch (error) {
      if (signal?.aborted) throw cancelledError(path)
      throw error
    } finally {
      signal?.removeEventListener('abort', stop)
      await run.stop()
    }
  }

  /** Common checks before a process is started. */
  private async admit(path: string, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) throw cancelledError(path)
    const size = await checkInputFile(path)
    if (size > this.maxInputBytes) {
      throw new MediaError(
        'too-large-for-wasm',
        `${JSON.stringify(basename(path))} is ${gib(size)} GiB; the built-in decoder takes at most ` +
          `${gib(this.maxInputBytes)} GiB — install ffmpeg to read it.`,
        { path },
      )
    }
    if (signal?.aborted) throw cancelledError(path)
  }
}

/** The process ended without its outcome: killed, crashed, or it sent something else. */
interface DecoderCrash {
  type: 'crashed'
  code: number | null
  signal: string | null
  stderr: string
}

interface DecoderRun {
  handle: WasmDecoderHandle
  /** The process's one outcome, or how it ended without one. Never rejects. */
  outcome: Promise<WasmDecoderOutcome | DecoderCrash>
  /** Kills the process if it still runs; resolves once it has ended. */
  stop: () => Promise<void>
}

function startDecoder(handle: WasmDecoderHandle): DecoderRun {
  let stderr = ''
  let reported: WasmDecoderOutcome | undefined
  let ended = false
  let settle: (outcome: WasmDecoderOutcome | DecoderCrash) => void = () => undefined
  const outcome = new Promise<WasmDecoderOutcome | DecoderCrash>((resolve) => (settle = resolve))
  const exited = new Promise<void>((resolve) => {
    handle.onExit((code, signal) => {
      ended = true
      settle(reported ?? { type: 'crashed', code, signal, stderr })
      resolve()
    })
  })
  handle.onStderr((text) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_CHARS)
  })
  handle.onMessage((message) => {
    const parsed = WasmDecoderOutcome.safeParse(message)
    // Only the first message counts; a second one, or one of the wrong shape, is not an outcome.
    if (parsed.success && reported === undefined) {
      reported = parsed.data
      // What the decoder says of its own seccomp wall is what Settings shows (osNetworkWallInfo).
      noteSeccompWallReport('wasm-decoder', parsed.data.seccomp)
    }
    // The outcome is final once the process has ended (stdout is drained by then).
  })
  return {
    handle,
    outcome,
    stop: async () => {
      if (!ended) handle.kill()
      await exited
    },
  }
}

/** A fractional channel number was floored by ffmpegArgs before; the task takes whole numbers. */
function wholeChannel(layout: PcmLayout): PcmLayout {
  return typeof layout === 'object' ? { channel: Math.max(0, Math.floor(layout.channel)) } : layout
}

function outcomeDetail(outcome: WasmDecoderOutcome | DecoderCrash): string {
  if (outcome.type !== 'crashed') return `unexpected ${outcome.type} outcome`
  const how = outcome.signal ?? `exit ${String(outcome.code)}`
  const last = outcome.stderr.trim().split('\n').at(-1) ?? ''
  return last === '' ? how : `${how}: ${last}`
}

async function classify(path: string, stderr: string): Promise<MediaError> {
  const head = await readFileHead(path).catch(() => new Uint8Array(0))
  return classifyFfmpegFailure({ file: path, stderr, looksLikeMedia: looksLikeMedia(head) })
}

function crashed(path: string, reason: string): MediaError {
  return new MediaError(
    'ffmpeg-failed',
    `The built-in decoder stopped while reading ${JSON.stringify(basename(path))}.`,
    { path, detail: reason },
  )
}

function gib(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(1)
}

import { createRequire } from 'node:module'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { cancelledError } from './cancelledError'
import { checkInputFile } from './checkInputFile'
import { classifyFfmpegFailure } from './classifyFfmpegFailure'
import { decodeArgs, probeArgs } from './ffmpegArgs'
import { looksLikeMedia } from './looksLikeMedia'
import { MediaError } from './MediaError'
import { parseProbeJson } from './parseProbeJson'
import { readFileHead } from './readFileHead'
import { toFloat32Chunks } from './toFloat32Chunks'
import type { DecodeOptions, MediaBackend, PcmLayout, ProbeResult } from './types'
import { wasmFfmpegWorkerUrl } from './wasmFfmpegWorkerUrl'

/**
 * Largest input the wasm backend accepts. The input is not copied into the 2 GiB wasm heap: the
 * worker mounts it through WORKERFS over a file descriptor and ffmpeg reads it lazily, and PCM
 * leaves through a device, so neither side is heap-bound. Measured here: a 2.3 GB WAV (3.3 h)
 * decoded whole in 23 s at 188 MB RSS; reading at offset 4.6 GB of a 4.6 GB RF64 WAV was exact.
 * We promise what we measured, rounded down: 4 GiB.
 */
export const WASM_MAX_INPUT_BYTES = 4 * 1024 ** 3

/** Chunks (ffmpeg writes ~256 KB each, ~4 s of mono PCM) the worker may run ahead of the consumer. */
const MAX_IN_FLIGHT = 8

export interface WasmFfmpegOptions {
  maxInputBytes?: number
}

type WorkerMessage =
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'probe'; json: string; stderr: string }
  | { type: 'done'; exitCode: number; stderr: string }
  | { type: 'crashed'; reason: string }

const coreDir = join(dirname(createRequire(import.meta.url).resolve('@ffmpeg/core')), '..', 'esm')

/**
 * ffmpeg.wasm (@ffmpeg/core, single-threaded) driven directly in Node: the portable fallback when no
 * native ffmpeg exists, and a sandbox choice (no child process, no file access beyond the one input).
 * Each call runs in its own worker thread, terminated when the call ends, fails or is cancelled.
 */
export class WasmFfmpeg implements MediaBackend {
  readonly kind = 'wasm'
  readonly maxInputBytes: number

  constructor(options: WasmFfmpegOptions = {}) {
    this.maxInputBytes = options.maxInputBytes ?? WASM_MAX_INPUT_BYTES
  }

  async probe(file: string, signal?: AbortSignal): Promise<ProbeResult> {
    const path = resolve(file)
    const inputName = await this.admit(path, signal)
    const run = startWorker('probe', path, inputName, probeArgs(`/input/${inputName}`))
    const stop = (): void => void run.worker.terminate()
    signal?.addEventListener('abort', stop, { once: true })
    try {
      for await (const message of run.messages) {
        if (message.type === 'crashed') throw crashed(path, message.reason)
        if (message.type !== 'probe') continue
        // ffprobe.wasm reports no exit status; a run that read the input always emits a format.
        if (!message.json.includes('"format"')) throw await classify(path, message.stderr)
        return parseProbeJson(message.json, path)
      }
      throw cancelledError(path)
    } catch (error) {
      if (signal?.aborted) throw cancelledError(path)
      throw error
    } finally {
      signal?.removeEventListener('abort', stop)
      await run.worker.terminate()
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
    const inputName = await this.admit(path, signal)
    const run = startWorker(
      'decode',
      path,
      inputName,
      decodeArgs(`/input/${inputName}`, layout, '/pcm'),
    )
    const stop = (): void => void run.worker.terminate()
    signal?.addEventListener('abort', stop, { once: true })
    async function* bytes(): AsyncGenerator<Uint8Array, void, undefined> {
      for await (const message of run.messages) {
        // A fast decode can finish before the abort lands; once cancelled, no buffered chunk or
        // normal end is reported: the caller asked to stop (seen as a flaky test on short files).
        if (signal?.aborted) throw cancelledError(path)
        if (message.type === 'chunk') {
          run.taken()
          yield message.bytes
        } else if (message.type === 'done') {
          if (message.exitCode !== 0) throw await classify(path, message.stderr)
          return
        } else if (message.type === 'crashed') {
          throw crashed(path, message.reason)
        }
      }
      throw cancelledError(path)
    }
    try {
      yield* toFloat32Chunks(bytes(), layout === 'stereo' ? 2 : 1)
    } catch (error) {
      if (signal?.aborted) throw cancelledError(path)
      throw error
    } finally {
      signal?.removeEventListener('abort', stop)
      await run.worker.terminate()
    }
  }

  /** Common checks; returns the name the input gets inside the wasm file system. */
  private async admit(path: string, signal: AbortSignal | undefined): Promise<string> {
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
    // A fixed name keeps the user's file name (quotes, unicode, a leading dash) out of ffmpeg's
    // argument list; the extension is kept because ffmpeg uses it as a format hint.
    return `media${extname(path).replace(/[^A-Za-z0-9.]/g, '')}`
  }
}

interface WorkerRun {
  worker: Worker
  messages: AsyncIterable<WorkerMessage>
  /** The consumer took a chunk: let the worker run ahead again. */
  taken: () => void
}

function startWorker(
  task: 'probe' | 'decode',
  file: string,
  inputName: string,
  args: string[],
): WorkerRun {
  const control = new SharedArrayBuffer(4)
  const inFlight = new Int32Array(control)
  const worker = new Worker(wasmFfmpegWorkerUrl, {
    workerData: {
      task,
      file,
      inputName,
      args,
      coreUrl: pathToFileURL(join(coreDir, 'ffmpeg-core.js')).href,
      wasmPath: join(coreDir, 'ffmpeg-core.wasm'),
      control,
      maxInFlight: MAX_IN_FLIGHT,
    },
    // ffmpeg.wasm prints through console in places; keep it out of the host's output.
    stdout: true,
    stderr: true,
  })
  worker.stdout.resume()
  worker.stderr.resume()
  const queue: WorkerMessage[] = []
  let wake: (() => void) | null = null
  let ended = false
  const push = (message: WorkerMessage | null): void => {
    if (message) queue.push(message)
    else ended = true
    wake?.()
    wake = null
  }
  worker.on('message', (message: WorkerMessage) => {
    push(message)
  })
  worker.on('error', (error) => {
    push({ type: 'crashed', reason: error.message })
  })
  worker.on('exit', () => {
    push(null)
  })
  async function* messages(): AsyncGenerator<WorkerMessage, void, undefined> {
    for (;;) {
      const next = queue.shift()
      if (next) {
        yield next
        continue
      }
      if (ended) return
      await new Promise<void>((resolve) => (wake = resolve))
    }
  }
  return {
    worker,
    messages: messages(),
    taken: () => {
      Atomics.sub(inFlight, 0, 1)
      Atomics.notify(inFlight, 0)
    },
  }
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

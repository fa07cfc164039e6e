import { resolve } from 'node:path'
import { launchEngineProcess } from '../egress/childProcessGuard'
import { EgressError } from '../egress/EgressError'
import { cancelledError } from './cancelledError'
import { checkInputFile } from './checkInputFile'
import { checkProgramFile } from './checkProgramFile'
import { classifyFfmpegFailure } from './classifyFfmpegFailure'
import { looksLikeMedia } from './looksLikeMedia'
import { MediaError } from './MediaError'
import { parseProbeJson } from './parseProbeJson'
import { readFileHead } from './readFileHead'
import type { FfmpegBinaries } from './resolveFfmpeg'
import { runToCompletion } from './runToCompletion'
import type { DecodeOptions, MediaBackend, PcmLayout, ProbeResult } from './types'
import { toFloat32Chunks } from './toFloat32Chunks'

/** ffmpeg's stderr at `-loglevel error` is short; the tail is all a message needs. */
const MAX_STDERR = 64 * 1024

/**
 * The fast path: the native ffmpeg/ffprobe binaries as child processes, each behind the OS network
 * wall (launchEngineProcess). PCM streams through a pipe,
 * so memory stays flat whatever the file's length, and a slow consumer pauses ffmpeg (pipe backpressure).
 */
export class NativeFfmpeg implements MediaBackend {
  readonly kind = 'native'

  constructor(readonly binaries: FfmpegBinaries) {}

  async probe(file: string, signal?: AbortSignal): Promise<ProbeResult> {
    const path = resolve(file)
    if (signal?.aborted) throw cancelledError(path)
    await checkInputFile(path)
    checkProgramFile(this.binaries.ffprobe, 'the configured ffprobe')
    let run
    try {
      run = await runToCompletion(
        () => launchEngineProcess({ kind: 'ffprobe', binaries: this.binaries, input: path }),
        signal,
      )
    } catch (error) {
      if (error instanceof EgressError) throw error
      throw notStarted(this.binaries.ffprobe, error)
    }
    if (signal?.aborted) throw cancelledError(path)
    if (run.exitCode !== 0) throw await classify(path, run.stderr)
    return parseProbeJson(run.stdout, path)
  }

  decodeToPcm(file: string, options: DecodeOptions = {}): AsyncIterable<Float32Array> {
    return this.decode(resolve(file), options.layout ?? 'mono', options.signal)
  }

  private async *decode(
    path: string,
    layout: PcmLayout,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<Float32Array, void, undefined> {
    if (signal?.aborted) throw cancelledError(path)
    await checkInputFile(path)
    if (signal?.aborted) throw cancelledError(path)
    // Again at every launch: the file checked when the setting was made may have been swapped since.
    checkProgramFile(this.binaries.ffmpeg, 'the configured ffmpeg')

    // Program, arguments (decodeArgs: no network protocols) and the OS network wall are the launcher's.
    let child
    try {
      child = launchEngineProcess({ kind: 'ffmpeg', binaries: this.binaries, input: path, layout })
    } catch (error) {
      if (error instanceof EgressError) throw error
      throw notStarted(this.binaries.ffmpeg, error)
    }
    const exited = new Promise<{ code: number | null; error?: Error }>((settle) => {
      child.once('error', (error) => {
        settle({ code: null, error })
      })
      child.once('close', (code) => {
        settle({ code })
      })
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-MAX_STDERR)
    })
    const kill = (): void => {
      child.kill('SIGKILL')
    }
    signal?.addEventListener('abort', kill, { once: true })
    try {
      try {
        yield* toFloat32Chunks(child.stdout, layout === 'stereo' ? 2 : 1)
      } catch (error) {
        // A killed child can end its stdout with an error; the abort is the real story.
        if (signal?.aborted) throw cancelledError(path)
        throw error
      }
      const { code, error } = await exited
      if (signal?.aborted) throw cancelledError(path)
      if (error) throw notStarted(this.binaries.ffmpeg, error)
      if (code !== 0) throw await classify(path, stderr)
    } finally {
      signal?.removeEventListener('abort', kill)
      // Reached on completion, error, abort, and when the consumer stops early (break → return()).
      // Waiting for 'close' means no ffmpeg outlives the loop that started it.
      if (child.exitCode === null && child.signalCode === null) kill()
      await exited
    }
  }
}

async function classify(path: string, stderr: string): Promise<MediaError> {
  const head = await readFileHead(path).catch(() => new Uint8Array(0))
  return classifyFfmpegFailure({ file: path, stderr, looksLikeMedia: looksLikeMedia(head) })
}

function notStarted(binary: string, error: unknown): MediaError {
  const errno = (error as NodeJS.ErrnoException).code
  return new MediaError(
    errno === 'ENOENT' || errno === 'EACCES' ? 'ffmpeg-not-found' : 'ffmpeg-failed',
    `Could not start ${JSON.stringify(binary)} (${errno ?? String(error)}).`,
    { cause: error },
  )
}

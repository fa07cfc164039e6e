import { availableParallelism } from 'node:os'
import { checkModelFile } from './checkModelFile'
import { forkWhisperWorker } from './forkWhisperWorker'
import { placeSegment, placeWords } from './placeSegment'
import { TranscribeError } from './TranscribeError'
import type { TranscribedSegment, TranscribeOptions, Transcriber } from './types'
import { whisperParams } from './whisperParams'
import type { SpawnWhisperWorker } from './WhisperWorkerHandle'
import { WhisperWorkerSession } from './WhisperWorkerSession'
import { windowPcm, type PcmWindow } from './windowPcm'

const SAMPLES_PER_MS = 16

export interface WhisperTranscriberDeps {
  modelPath: string
  /** How the worker process starts; default `forkWhisperWorker` (Node). Electron: utilityProcess. */
  spawnWorker?: SpawnWhisperWorker
  /**
   * Kill the worker when it sends nothing (model loaded, segment, window done) for this long.
   * Default 120 s: a 2-min window of silence yields no segment until it is done, and a slow
   * laptop with a base model needs ~10 s per 30 s there (MEASURED.md).
   */
  stallTimeoutMs?: number
  /**
   * Longest window of PCM handed to whisper at once. Default 120 s: memory stays flat (~8 MB of PCM
   * per window) while smart-whisper's per-call cost (a fresh whisper_state each call) and the cuts
   * between windows stay rare; inside a window whisper.cpp seeks in 30 s steps as usual.
   */
  windowMs?: number
  /** Default 128: ends a runaway segment (random weights, noise) without cutting real speech. */
  maxTokensPerSegment?: number
  /** Default 224 (whisper's own limit, n_text_ctx/2); must be > 0 for `initialPrompt` to apply. */
  maxTextContext?: number
}

/**
 * whisper.cpp (smart-whisper) in a supervised worker process, one per transcribe call: the model is
 * loaded once per call and reused for every window. Not kept warm between calls: loading takes
 * 30–200 ms against minutes of audio, and a fresh process per recording means no native memory
 * growth across a day of imports and nothing to recover after a cancel (which kills the process).
 */
export class WhisperTranscriber implements Transcriber {
  private readonly sessions = new Set<WhisperWorkerSession>()
  private disposed = false

  constructor(private readonly deps: WhisperTranscriberDeps) {}

  async transcribe(
    pcm: AsyncIterable<Float32Array>,
    options: TranscribeOptions = {},
  ): Promise<TranscribedSegment[]> {
    const cancelled = (): TranscribeError =>
      new TranscribeError('cancelled', 'Transcription was cancelled.')
    if (this.disposed) throw new TranscribeError('cancelled', 'The transcriber was disposed.')
    if (options.signal?.aborted) throw cancelled()
    await checkModelFile(this.deps.modelPath)

    const session = new WhisperWorkerSession(
      (this.deps.spawnWorker ?? forkWhisperWorker)(),
      this.deps.stallTimeoutMs ?? 120_000,
    )
    this.sessions.add(session)
    const onAbort = (): void => {
      session.kill(cancelled())
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })

    const windowSamples = (this.deps.windowMs ?? 120_000) * SAMPLES_PER_MS
    // Held here so a cancel can stop the source directly: a generator's return() would wait until
    // windowPcm next yields, i.e. until a whole window had been read from a source we abandoned.
    const source = pcm[Symbol.asyncIterator]()
    const windows = windowPcm(
      { [Symbol.asyncIterator]: () => source },
      {
        windowSamples,
        searchSamples: Math.min(5_000 * SAMPLES_PER_MS, Math.floor(windowSamples / 4)),
      },
    )
    const iterator = windows[Symbol.asyncIterator]()
    let finished = false
    try {
      await session.load(this.deps.modelPath)
      const segments = await this.run(session, iterator, options)
      finished = true
      return segments
    } finally {
      options.signal?.removeEventListener('abort', onAbort)
      this.sessions.delete(session)
      if (finished) {
        await session.end()
      } else {
        session.kill(cancelled())
        // Stops the source (e.g. ffmpeg); not awaited, a hung source must not hang the caller.
        source.return?.().catch(() => undefined)
      }
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true
    const sessions = [...this.sessions]
    for (const session of sessions) {
      session.kill(new TranscribeError('cancelled', 'The transcriber was disposed.'))
    }
    await Promise.all(sessions.map((s) => s.whenExited()))
  }

  private async run(
    session: WhisperWorkerSession,
    iterator: AsyncIterator<PcmWindow>,
    options: TranscribeOptions,
  ): Promise<TranscribedSegment[]> {
    const segments: TranscribedSegment[] = []
    let language = options.language ?? 'auto'
    let lastPercent = -1
    const report = (processedMs: number): void => {
      if (!options.onProgress || !options.totalMs) return
      const percent = Math.min(100, Math.floor((processedMs / options.totalMs) * 1000) / 10)
      if (percent > lastPercent) {
        lastPercent = percent
        options.onProgress(percent)
      }
    }

    let windowId = 0
    // Read the next window while whisper works on this one (decoding is ~1000× realtime, so this
    // hides it entirely); untilFailed lets a cancel or crash interrupt a slow source.
    let next = iterator.next()
    for (;;) {
      const result = await session.untilFailed(next)
      if (result.done) break
      const window = result.value
      next = iterator.next()
      next.catch(() => undefined)
      const span = {
        startMs: window.startSample / SAMPLES_PER_MS,
        durationMs: window.samples.length / SAMPLES_PER_MS,
      }
      const params = whisperParams({
        threads: options.threads ?? Math.min(availableParallelism(), 8),
        language,
        initialPrompt: options.initialPrompt,
        maxTokensPerSegment: this.deps.maxTokensPerSegment ?? 128,
        maxTextContext: this.deps.maxTextContext ?? 224,
      })
      // The window's segments in whisper's order (undefined where one had no text), so the token
      // times that arrive with the end of the window land on the segments they belong to.
      const placed: (TranscribedSegment | undefined)[] = []
      await session.transcribeWindow(
        windowId++,
        window.samples,
        params,
        (raw) => {
          // Detect once, on the first window, then hold it: 'auto' re-runs detection on every call.
          if (language === 'auto' && raw.language) language = raw.language
          const segment = placeSegment(raw, span, segments.at(-1)?.endMs ?? 0)
          placed.push(segment)
          report(span.startMs + Math.min(Math.max(raw.toMs, 0), span.durationMs))
          if (!segment) return
          segments.push(segment)
          options.onSegment?.(segment)
        },
        (words) => {
          placed.forEach((segment, i) => {
            const times = words[i]
            if (segment && times && times.length > 0)
              segment.words = placeWords(times, span, segment)
          })
        },
      )
      report(span.startMs + span.durationMs)
    }
    if (lastPercent < 100) options.onProgress?.(100)
    return segments
  }
}

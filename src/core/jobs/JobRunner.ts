import type { RecordingStatus } from '../../shared/domain'
import { YOU_SPEAKER_NAME } from '../../shared/derivedViews'
import { labelTurnSpeakers } from '../derive/speakers/assignSpeakers'
import { diarize } from '../derive/speakers/diarize'
import type { GaussianStats } from '../derive/speakers/GaussianStats'
import { splitAtSpeakerTurns } from '../derive/speakers/splitAtSpeakerTurns'
import { SpeakerFeatureStream } from '../derive/speakers/SpeakerFeatureStream'
import { speakerLabel } from '../derive/speakers/speakerLabel'
import { turnVoices } from '../derive/speakers/turnVoices'
import type { MediaBackend } from '../media/types'
import type { CallQuality } from '../../shared/quality'
import { assessCallQuality, type TimeSpan } from '../quality/assessCallQuality'
import { CallQualityMeter, type AudioLevels } from '../quality/CallQualityMeter'
import type { JobQueue, Job } from '../store/JobQueue'
import type { RecordingStore } from '../store/RecordingStore'
import type { TranscribedSegment, Transcriber } from '../transcribe/types'
import { processIsAlive } from './processIsAlive'
import { estimateSecondsLeft, expectedRealtimeFactor } from './estimateTimeLeft'
import { toErrorInfo } from './toErrorInfo'
import { transcribeByChannel } from './transcribeByChannel'
import type { SileroVad } from '../vad/SileroVad'

export type JobEvent =
  | { type: 'status'; recordingId: string; status: RecordingStatus }
  | {
      type: 'progress'
      recordingId: string
      percent: number
      /** At this machine's measured speed; null while there is no estimate. */
      secondsLeft: number | null
    }
  | { type: 'segment'; recordingId: string; segment: TranscribedSegment & { idx: number } }
  | {
      type: 'finished'
      recordingId: string
      status: 'done' | 'failed' | 'cancelled'
      error: { code: string; message: string } | null
      /** How long the job ran, on 'done'. */
      processingMs?: number
    }

export interface JobRunnerDeps {
  recordings: RecordingStore
  queue: JobQueue
  media: MediaBackend
  createTranscriber: (options: { modelPath: string }) => Transcriber
  /** How many recordings transcribe at once; whisper already uses several threads each. */
  concurrency?: number
  pid?: number
  isProcessAlive?: (pid: number) => boolean
  /** A running job whose owner has not beaten for this long is treated as orphaned. */
  staleAfterMs?: number
  /** How often a job run this many times is given up rather than retried after a crash. */
  maxAttempts?: number
  /**
   * Derives the stored transcript (signals, metrics, summary) once speakers are set, before the job
   * is marked done. It must replace what a previous run stored, since a crash in between runs the
   * whole job again (`DerivedStore.saveDerived` does).
   */
  derive?: (recordingId: string) => void
  /**
   * Which channel of a two-channel recording is the user (0 left, 1 right), where the recorder is
   * known (setting `speakers.meChannel`); that channel's speaker is named "You" through `nameSpeaker`.
   */
  meChannel?: () => number | null
  /** The voice model for speech regions (loaded once by the caller); absent or null: energy. */
  loadVad?: () => Promise<SileroVad | null>
  nameSpeaker?: (recordingId: string, label: string, name: string) => void
  /**
   * Each speaker label's pooled voice features, once the labels are set and before deriving: kept
   * for "this is me", and matched against the user's voice profile (Core names the match "You").
   */
  speakerVoices?: (recordingId: string, voices: { label: string; stats: GaussianStats }[]) => void
  /** Stores the call-quality report measured while the recording was decoded for transcription. */
  saveQuality?: (recordingId: string, quality: CallQuality) => void
}

const HEARTBEAT_MS = 5_000
/**
 * Recordings with 2 to this many channels are transcribed channel by channel, one speaker each
 * (call recorders, a microphone per seat); more is a surround mix, not people, and goes the mono way.
 */
const MAX_SPEAKER_CHANNELS = 8
const PROGRESS_MIN_STEP = 0.5
/** How often time left is sent again while percent stands still (model load, a slow window). */
const TIME_LEFT_TICK_MS = 1_000

/**
 * Runs the persistent queue: decode → transcribe → store → speakers → derive (multi-channel
 * recordings: each channel transcribed on its own, see `transcribeByChannel`), one job per slot,
 * with progress events and cancel. Owns the timers and transcribers it starts; `dispose()` stops
 * them.
 */
export class JobRunner {
  private readonly listeners = new Set<(event: JobEvent) => void>()
  private readonly running = new Map<string, AbortController>()
  private readonly timeLeft = new Map<string, number | null>()
  private draining: Promise<void> | null = null
  private disposed = false
  private readonly concurrency: number
  private readonly pid: number

  constructor(private readonly deps: JobRunnerDeps) {
    this.concurrency = deps.concurrency ?? 1
    this.pid = deps.pid ?? process.pid
  }

  /** A running job's latest estimate of seconds left (null: none yet, or not running). */
  secondsLeft(recordingId: string): number | null {
    return this.timeLeft.get(recordingId) ?? null
  }

  onEvent(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * After a crash or kill -9: jobs left 'running' by a dead process are run again from the start
   * (their partial segments dropped, so nothing is duplicated), or marked failed with the reason once
   * they have been tried `maxAttempts` times — never silently lost.
   */
  recoverInterrupted(): { requeued: string[]; failed: string[] } {
    const { queue, recordings } = this.deps
    const maxAttempts = this.deps.maxAttempts ?? 3
    const requeued: string[] = []
    const failed: string[] = []
    const orphans = queue.orphans(
      (pid) => pid !== this.pid && (this.deps.isProcessAlive ?? processIsAlive)(pid),
      this.deps.staleAfterMs ?? 60_000,
    )
    for (const job of orphans) {
      if (job.attempts >= maxAttempts) {
        const error = {
          code: 'interrupted',
          message: `Earshot stopped ${job.attempts} times while transcribing this recording, so it was given up; press Retry or import it again to run it once more.`,
        }
        queue.finish(job.id, 'failed', error)
        recordings.setStatus(job.recordingId, 'failed', error)
        failed.push(job.recordingId)
      } else {
        recordings.clearSegments(job.recordingId)
        recordings.setProgress(job.recordingId, 0)
        recordings.setStatus(job.recordingId, 'queued')
        queue.requeue(job.id)
        requeued.push(job.recordingId)
      }
    }
    return { requeued, failed }
  }

  /** Runs queued jobs until none are left. Calling it while it runs joins the same run. */
  drain(): Promise<void> {
    this.draining ??= Promise.all(
      Array.from({ length: this.concurrency }, () => this.runSlot()),
    ).then(() => {
      this.draining = null
    })
    return this.draining
  }

  cancel(recordingId: string): boolean {
    const controller = this.running.get(recordingId)
    if (controller) {
      controller.abort()
      return true
    }
    const queued = this.deps.queue.activeFor(recordingId).filter((job) => job.state === 'queued')
    for (const job of queued) this.deps.queue.finish(job.id, 'cancelled')
    if (queued.length > 0) {
      this.deps.recordings.setStatus(recordingId, 'cancelled')
      this.emit({ type: 'finished', recordingId, status: 'cancelled', error: null })
    }
    return queued.length > 0
  }

  async dispose(): Promise<void> {
    this.disposed = true
    for (const controller of this.running.values()) controller.abort()
    await this.draining
  }

  private async runSlot(): Promise<void> {
    while (!this.disposed) {
      const job = this.deps.queue.claimNext(this.pid)
      if (!job) return
      await this.run(job)
    }
  }

  private async run(job: Job): Promise<void> {
    const { recordings, queue, media } = this.deps
    const recording = recordings.get(job.recordingId)
    if (!recording) {
      queue.finish(job.id, 'failed', { code: 'not-found', message: 'The recording was deleted.' })
      return
    }
    const controller = new AbortController()
    this.running.set(recording.id, controller)
    const heartbeat = setInterval(() => {
      queue.heartbeat(job.id)
    }, HEARTBEAT_MS)
    heartbeat.unref()

    const setStatus = (status: RecordingStatus): void => {
      recordings.setStatus(recording.id, status)
      this.emit({ type: 'status', recordingId: recording.id, status })
    }
    let lastPercent = -Infinity
    const started = Date.now()
    // This machine's speed with this model, from the library's recent jobs (rolling median).
    const factor = expectedRealtimeFactor(queue.recentRealtimeFactors(job.options.modelPath))
    const emitProgress = (percent: number): void => {
      const secondsLeft = estimateSecondsLeft({
        durationMs: recording.durationMs,
        percent,
        elapsedMs: Date.now() - started,
        realtimeFactor: factor,
      })
      this.timeLeft.set(recording.id, secondsLeft)
      this.emit({ type: 'progress', recordingId: recording.id, percent, secondsLeft })
    }
    const onProgress = (percent: number): void => {
      if (percent - lastPercent < PROGRESS_MIN_STEP && percent < 100) return
      lastPercent = percent
      recordings.setProgress(recording.id, percent)
      emitProgress(percent)
    }
    // From the first second: time left counts down even before whisper reports a percent.
    const ticker = setInterval(() => {
      emitProgress(Math.max(0, lastPercent))
    }, TIME_LEFT_TICK_MS)
    ticker.unref()

    let transcriber: Transcriber | null = null
    try {
      recordings.clearSegments(recording.id)
      // What the call-quality report needs of the audio, gathered on the one decode below.
      let levels: AudioLevels
      let speech: readonly TimeSpan[]
      setStatus('transcribing')
      transcriber = this.deps.createTranscriber({ modelPath: job.options.modelPath })
      const transcribeOptions = {
        language: job.options.language,
        ...(job.options.threads !== null && { threads: job.options.threads }),
        ...(job.options.initialPrompt !== null && { initialPrompt: job.options.initialPrompt }),
        signal: controller.signal,
      }
      // Decoded audio can run a few ms past the container's duration (AAC priming and padding);
      // timestamps stay inside the duration the user sees in the player.
      const limit = recording.durationMs ?? Infinity
      const store = (raw: TranscribedSegment, speaker: string | null): void => {
        // Word times serve the speaker split only; events and the store keep the segment shape.
        const segment = {
          startMs: Math.min(raw.startMs, limit),
          endMs: Math.min(raw.endMs, limit),
          text: raw.text,
          ...(raw.confidence !== undefined && { confidence: raw.confidence }),
        }
        const idx = recordings.appendSegment(recording.id, {
          startMs: segment.startMs,
          endMs: segment.endMs,
          text: segment.text,
          speaker,
          confidence: segment.confidence ?? null,
        })
        this.emit({ type: 'segment', recordingId: recording.id, segment: { ...segment, idx } })
      }
      const channels = recording.channels ?? 1
      if (channels >= 2 && channels <= MAX_SPEAKER_CHANNELS) {
        // Each party on its own channel: transcribed apart, so the speaker is known, not guessed.
        const result = await transcribeByChannel({
          media,
          transcriber,
          file: recording.sourcePath,
          channels,
          options: transcribeOptions,
          onProgress,
          vad: (await this.deps.loadVad?.()) ?? null,
        })
        recordings.saveChannelEnergy(
          recording.id,
          result.energy.frameMs,
          channels,
          Float32Array.from(result.energy.rms),
        )
        for (const segment of result.segments) store(segment, segment.speaker)
        levels = result.levels
        speech = result.regions.flat()
        const me = this.deps.meChannel?.() ?? null
        if (me !== null && me < channels) {
          this.deps.nameSpeaker?.(recording.id, speakerLabel(me), YOU_SPEAKER_NAME)
        }
        this.deps.speakerVoices?.(
          recording.id,
          result.voices.map((stats, channel) => ({ label: speakerLabel(channel), stats })),
        )
      } else {
        const decoded = media.decodeToPcm(recording.sourcePath, {
          layout: 'mono',
          signal: controller.signal,
        })
        // Voice features for the diarizer are taken from the same chunks whisper gets, so the
        // file is decoded once and no audio is kept (a few MB of features per hour).
        const voices = new SpeakerFeatureStream()
        const meter = new CallQualityMeter()
        const transcribed: TranscribedSegment[] = []
        await transcriber.transcribe(voices.tap(meter.tap(decoded)), {
          ...transcribeOptions,
          ...(recording.durationMs !== null && { totalMs: recording.durationMs }),
          onProgress,
          onSegment: (raw) => {
            transcribed.push(raw)
            store(raw, null)
          },
        })
        const blocks = voices.finish()
        const turns = diarize(blocks)
        levels = meter.result()
        // The diarizer's turns are where it heard voice: the speech side of the SNR.
        speech = turns
        // A line whisper wrote across a change of speaker is cut between its words, so one line
        // never holds two people; the lines are stored again in their split form.
        const pieces = splitAtSpeakerTurns(transcribed, turns)
        if (pieces.length > transcribed.length) {
          recordings.clearSegments(recording.id)
          for (const piece of pieces) store(piece, null)
        }
        // Until the job is finished below a crash requeues it, and the rerun labels from scratch:
        // speakers depend only on the audio and the segments, so a resumed job equals a clean one.
        const segments = recordings.segments(recording.id)
        const { labels, labelOf } = labelTurnSpeakers(segments, turns)
        recordings.setSpeakers(
          recording.id,
          segments.map((segment, i) => ({ idx: segment.idx, speaker: labels[i] ?? null })),
        )
        const byTurnSpeaker = turnVoices(blocks, turns)
        this.deps.speakerVoices?.(
          recording.id,
          [...labelOf].flatMap(([speaker, label]) => {
            const stats = byTurnSpeaker.get(speaker)
            return stats ? [{ label, stats }] : []
          }),
        )
      }
      const lines = recordings.segments(recording.id)
      const quality = assessCallQuality(levels, speech, lines, recording.durationMs ?? 0)
      this.deps.saveQuality?.(recording.id, quality)
      this.deps.derive?.(recording.id)
      onProgress(100)
      queue.finish(job.id, 'done')
      recordings.setStatus(recording.id, 'done')
      clearInterval(ticker)
      this.emit({
        type: 'finished',
        recordingId: recording.id,
        status: 'done',
        error: null,
        processingMs: Date.now() - started,
      })
    } catch (error) {
      const status = controller.signal.aborted ? 'cancelled' : 'failed'
      const info = status === 'cancelled' ? null : toErrorInfo(error)
      queue.finish(job.id, status, info)
      recordings.setStatus(recording.id, status, info)
      this.emit({ type: 'finished', recordingId: recording.id, status, error: info })
    } finally {
      clearInterval(heartbeat)
      clearInterval(ticker)
      this.timeLeft.delete(recording.id)
      this.running.delete(recording.id)
      await transcriber?.dispose()
    }
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}

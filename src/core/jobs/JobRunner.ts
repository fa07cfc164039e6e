import type { RecordingStatus } from '../../shared/domain'
import { assignSpeakers } from '../derive/speakers/assignSpeakers'
import { diarize } from '../derive/speakers/diarize'
import { splitAtSpeakerTurns } from '../derive/speakers/splitAtSpeakerTurns'
import { SpeakerFeatureStream } from '../derive/speakers/SpeakerFeatureStream'
import { speakerLabel } from '../derive/speakers/speakerLabel'
import type { MediaBackend } from '../media/types'
import type { CallQuality } from '../../shared/quality'
import { assessCallQuality, type TimeSpan } from '../quality/assessCallQuality'
import { CallQualityMeter, type AudioLevels } from '../quality/CallQualityMeter'
import type { JobQueue, Job } from '../store/JobQueue'
import type { RecordingStore } from '../store/RecordingStore'
import type { TranscribedSegment, Transcriber } from '../transcribe/types'
import { processIsAlive } from './processIsAlive'
import { toErrorInfo } from './toErrorInfo'
import { transcribeByChannel } from './transcribeByChannel'
import type { SileroVad } from '../vad/SileroVad'

export type JobEvent =
  | { type: 'status'; recordingId: string; status: RecordingStatus }
  | { type: 'progress'; recordingId: string; percent: number }
  | { type: 'segment'; recordingId: string; segment: TranscribedSegment & { idx: number } }
  | {
      type: 'finished'
      recordingId: string
      status: 'done' | 'failed' | 'cancelled'
      error: { code: string; message: string } | null
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
  /** Stores the call-quality report measured while the recording was decoded for transcription. */
  saveQuality?: (recordingId: string, quality: CallQuality) => void
}

const HEARTBEAT_MS = 5_000
const PROGRESS_MIN_STEP = 0.5

/**
 * Runs the persistent queue: decode → transcribe → store → speakers → derive (two-channel
 * recordings: each channel transcribed on its own, see `transcribeByChannel`), one job per slot,
 * with progress events and cancel. Owns the timers and transcribers it starts; `dispose()` stops
 * them.
 */
export class JobRunner {
  private readonly listeners = new Set<(event: JobEvent) => void>()
  private readonly running = new Map<string, AbortController>()
  private draining: Promise<void> | null = null
  private disposed = false
  private readonly concurrency: number
  private readonly pid: number

  constructor(private readonly deps: JobRunnerDeps) {
    this.concurrency = deps.concurrency ?? 1
    this.pid = deps.pid ?? process.pid
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
    const onProgress = (percent: number): void => {
      if (percent - lastPercent < PROGRESS_MIN_STEP && percent < 100) return
      lastPercent = percent
      recordings.setProgress(recording.id, percent)
      this.emit({ type: 'progress', recordingId: recording.id, percent })
    }

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
      if (recording.channels === 2) {
        // Each party on its own channel: transcribed apart, so the speaker is known, not guessed.
        const result = await transcribeByChannel({
          media,
          transcriber,
          file: recording.sourcePath,
          channels: 2,
          options: transcribeOptions,
          onProgress,
          vad: (await this.deps.loadVad?.()) ?? null,
        })
        recordings.saveChannelEnergy(
          recording.id,
          result.energy.frameMs,
          2,
          Float32Array.from(result.energy.rms),
        )
        for (const segment of result.segments) store(segment, segment.speaker)
        levels = result.levels
        speech = result.regions.flat()
        const me = this.deps.meChannel?.() ?? null
        if (me !== null && me < 2) this.deps.nameSpeaker?.(recording.id, speakerLabel(me), 'You')
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
        const turns = diarize(voices.finish())
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
        const speakers = assignSpeakers(segments, turns)
        recordings.setSpeakers(
          recording.id,
          segments.map((segment, i) => ({ idx: segment.idx, speaker: speakers[i] ?? null })),
        )
      }
      const lines = recordings.segments(recording.id)
      const quality = assessCallQuality(levels, speech, lines, recording.durationMs ?? 0)
      this.deps.saveQuality?.(recording.id, quality)
      this.deps.derive?.(recording.id)
      onProgress(100)
      queue.finish(job.id, 'done')
      recordings.setStatus(recording.id, 'done')
      this.emit({ type: 'finished', recordingId: recording.id, status: 'done', error: null })
    } catch (error) {
      const status = controller.signal.aborted ? 'cancelled' : 'failed'
      const info = status === 'cancelled' ? null : toErrorInfo(error)
      queue.finish(job.id, status, info)
      recordings.setStatus(recording.id, status, info)
      this.emit({ type: 'finished', recordingId: recording.id, status, error: info })
    } finally {
      clearInterval(heartbeat)
      this.running.delete(recording.id)
      await transcriber?.dispose()
    }
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}

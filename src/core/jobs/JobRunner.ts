import type { RecordingStatus } from '../../shared/domain'
import { labelSegmentSpeakers, type SpeakerEvidence } from '../derive/speakers/labelSegmentSpeakers'
import { SpeakerFeatureStream } from '../derive/speakers/SpeakerFeatureStream'
import type { MediaBackend } from '../media/types'
import type { JobQueue, Job } from '../store/JobQueue'
import type { RecordingStore } from '../store/RecordingStore'
import type { TranscribedSegment, Transcriber } from '../transcribe/types'
import { ChannelEnergyMeter } from './ChannelEnergyMeter'
import { mixToMono } from './mixToMono'
import { processIsAlive } from './processIsAlive'
import { toErrorInfo } from './toErrorInfo'

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
}

const HEARTBEAT_MS = 5_000
const PROGRESS_MIN_STEP = 0.5

/**
 * Runs the persistent queue: decode → transcribe → store → speakers → derive, one job per slot,
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
          message: `Earshot stopped ${job.attempts} times while transcribing this recording, so it was given up; delete it and import it again to retry.`,
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
      setStatus('transcribing')
      const stereo = recording.channels === 2
      const meter = stereo ? new ChannelEnergyMeter(2) : null
      const decoded = media.decodeToPcm(recording.sourcePath, {
        layout: stereo ? 'stereo' : 'mono',
        signal: controller.signal,
      })
      // Mono: voice features for the diarizer are taken from the same chunks whisper gets, so the
      // file is decoded once and no audio is kept (a few MB of features per hour).
      const voices = meter ? null : new SpeakerFeatureStream()
      const pcm = meter ? mixToMono(decoded, meter) : (voices?.tap(decoded) ?? decoded)
      transcriber = this.deps.createTranscriber({ modelPath: job.options.modelPath })
      await transcriber.transcribe(pcm, {
        language: job.options.language,
        ...(job.options.threads !== null && { threads: job.options.threads }),
        ...(job.options.initialPrompt !== null && { initialPrompt: job.options.initialPrompt }),
        ...(recording.durationMs !== null && { totalMs: recording.durationMs }),
        signal: controller.signal,
        onProgress,
        onSegment: (raw) => {
          // Decoded audio can run a few ms past the container's duration (AAC priming and
          // padding); timestamps stay inside the duration the user sees in the player.
          const limit = recording.durationMs ?? Infinity
          const segment = {
            ...raw,
            startMs: Math.min(raw.startMs, limit),
            endMs: Math.min(raw.endMs, limit),
          }
          const idx = recordings.appendSegment(recording.id, {
            startMs: segment.startMs,
            endMs: segment.endMs,
            text: segment.text,
            speaker: null,
            confidence: segment.confidence ?? null,
          })
          this.emit({ type: 'segment', recordingId: recording.id, segment: { ...segment, idx } })
        },
      })
      let evidence: SpeakerEvidence | null = null
      if (meter) {
        const rms = meter.result()
        recordings.saveChannelEnergy(recording.id, meter.frameMs, 2, rms)
        evidence = { kind: 'channels', energy: { frameMs: meter.frameMs, channels: 2, rms } }
      } else if (voices) {
        evidence = { kind: 'voices', blocks: voices.finish() }
      }
      if (evidence) {
        // Until the job is finished below a crash requeues it, and the rerun labels from scratch:
        // speakers depend only on the audio and the segments, so a resumed job equals a clean one.
        const segments = recordings.segments(recording.id)
        const speakers = labelSegmentSpeakers(segments, evidence)
        recordings.setSpeakers(
          recording.id,
          segments.map((segment, i) => ({ idx: segment.idx, speaker: speakers[i] ?? null })),
        )
      }
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

import type { z } from 'zod'
import type { ModelSize } from '../../shared/analytics'
import type { JobEvent } from '../jobs/JobRunner'
import type { JobQueue } from '../store/JobQueue'
import type { RecordingStore } from '../store/RecordingStore'
import type { UploadResult } from '../sync/SyncService'
import { durationBucket } from './durationBucket'
import { errorCodeOf, uploadFailureCodeOf } from './failureCodeOf'
import { formatOf } from './formatOf'
import { modelSizeOf } from './modelSizeOf'
import { realtimeFactorBucket } from './realtimeFactorBucket'
import type { TrackedEvent } from './TrackedEvent'

export interface AnalyticsReporterDeps {
  /** `Analytics.track`; whether anything is sent is its decision (setting, key), not ours. */
  track: (event: TrackedEvent) => void
  recordings: Pick<RecordingStore, 'get'>
  queue: Pick<JobQueue, 'activeFor'>
  /** Milliseconds, monotonic; for the transcription speed. */
  now?: () => number
}

/**
 * Turns what the core already reports (job runner events, upload results) into the fixed analytics
 * events, so no service calls analytics itself. Every property is computed into an enum member
 * here: a recording's length becomes a bucket, its container a format, its model path a size.
 */
export class AnalyticsReporter {
  private readonly started = new Map<string, { at: number; model: z.infer<typeof ModelSize> }>()
  private readonly now: () => number

  constructor(private readonly deps: AnalyticsReporterDeps) {
    this.now = deps.now ?? (() => performance.now())
  }

  /** Called by each shell (Electron main, web mode) once it has started. */
  appOpened(): void {
    this.deps.track({ name: 'app_opened' })
  }

  onJobEvent(event: JobEvent): void {
    if (event.type === 'status' && event.status === 'transcribing') {
      const job = this.deps.queue
        .activeFor(event.recordingId)
        .find((active) => active.state === 'running')
      this.started.set(event.recordingId, {
        at: this.now(),
        model: job ? modelSizeOf(job.options.modelPath) : 'other',
      })
      return
    }
    if (event.type !== 'finished') return
    const started = this.started.get(event.recordingId)
    this.started.delete(event.recordingId)
    if (event.status === 'failed' && event.error) {
      this.deps.track({ name: 'error', properties: { code: errorCodeOf(event.error.code) } })
      return
    }
    if (event.status !== 'done') return
    const recording = this.deps.recordings.get(event.recordingId)
    if (recording?.durationMs == null) return
    this.deps.track({
      name: 'import_finished',
      properties: {
        durationBucket: durationBucket(recording.durationMs),
        format: formatOf(recording.container ?? ''),
      },
    })
    const elapsedMs = started ? this.now() - started.at : 0
    if (started && elapsedMs > 0) {
      this.deps.track({
        name: 'transcription_speed',
        properties: {
          realtimeFactorBucket: realtimeFactorBucket(recording.durationMs / elapsedMs),
          model: started.model,
        },
      })
    }
  }

  /** Uploads still queued for a retry report nothing yet; they report when done or failed. */
  onUploadResults(results: readonly UploadResult[]): void {
    for (const result of results) {
      if (result.state === 'done') this.deps.track({ name: 'upload_succeeded' })
      if (result.state === 'failed') {
        const code = uploadFailureCodeOf(result.error?.code ?? 'other')
        this.deps.track({ name: 'upload_failed', properties: { code } })
      }
    }
  }
}

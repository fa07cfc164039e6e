import type { RecordingView } from '../../shared/api'
import type { RecordingRow } from '../store/RecordingStore'

/** Where a recording's job stands beside its row: the queue, the runner, the job's timing. */
export interface JobTimes {
  queuePositions: ReadonlyMap<string, number>
  processingTimes: ReadonlyMap<string, number>
  secondsLeft: (recordingId: string) => number | null
}

/** The row as the UI may see it: `sourcePath` and the content hash stay in the core. */
export function toRecordingView(row: RecordingRow, times?: JobTimes): RecordingView {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    durationMs: row.durationMs === null ? null : Math.round(row.durationMs),
    container: row.container,
    importedAt: row.importedAt,
    error: row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? '' },
    progress: Math.min(100, Math.max(0, row.progress)),
    language: row.language,
    secondsLeft: row.status === 'transcribing' ? (times?.secondsLeft(row.id) ?? null) : null,
    queuePosition: row.status === 'queued' ? (times?.queuePositions.get(row.id) ?? null) : null,
    processingMs: row.status === 'done' ? (times?.processingTimes.get(row.id) ?? null) : null,
  }
}

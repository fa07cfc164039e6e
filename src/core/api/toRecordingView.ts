import type { RecordingView } from '../../shared/api'
import type { RecordingRow } from '../store/RecordingStore'

/** The row as the UI may see it: `sourcePath` and the content hash stay in the core. */
export function toRecordingView(row: RecordingRow): RecordingView {
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
  }
}

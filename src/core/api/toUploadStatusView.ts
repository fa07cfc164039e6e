import type { UploadStatusView } from '../../shared/uploadViews'
import type { RecordingRow } from '../store/RecordingStore'
import type { UploadRow } from '../sync/UploadQueue'

/** A recording and its upload row (none: never queued) as the Review & Upload screen shows them. */
export function toUploadStatusView(
  recording: Pick<RecordingRow, 'id' | 'title' | 'durationMs' | 'importedAt'>,
  upload: UploadRow | undefined,
): UploadStatusView {
  return {
    recordingId: recording.id,
    title: recording.title,
    durationMs: recording.durationMs === null ? null : Math.round(recording.durationMs),
    importedAt: recording.importedAt,
    state: upload?.state ?? 'not-sent',
    attempts: upload?.attempts ?? 0,
    payloadSha256: upload?.payloadSha256 ?? null,
    receipt: upload?.receipt ?? null,
    error: upload?.lastError ?? null,
  }
}

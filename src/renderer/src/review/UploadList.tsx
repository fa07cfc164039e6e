import type { UploadStatusView } from '../../../shared/uploadViews'
import { formatClock } from '../format/formatClock'
import { reviewHref } from '../routing/parseRoute'
import { describeUploadState } from './uploadStateLabel'

export interface UploadListProps {
  uploads: readonly UploadStatusView[]
  selectedId: string | null
  sendingIds: ReadonlySet<string>
}

/** Finished recordings, each a link to its review, with where its upload stands. */
export function UploadList({ uploads, selectedId, sendingIds }: UploadListProps) {
  return (
    <ul className="upload-list" aria-label="Finished recordings">
      {uploads.map((upload) => {
        const state = sendingIds.has(upload.recordingId) ? 'sending' : upload.state
        return (
          <li key={upload.recordingId}>
            <a
              href={reviewHref(upload.recordingId)}
              className="upload-item"
              aria-current={upload.recordingId === selectedId ? 'page' : undefined}
              data-testid="upload-item"
              data-state={state}
            >
              <span className="row-title">{upload.title}</span>
              <span className="muted">
                {upload.durationMs === null ? '' : formatClock(upload.durationMs)}
              </span>
              <span className={`status upload-${state}`}>
                {describeUploadState(state, upload.error !== null)}
              </span>
            </a>
          </li>
        )
      })}
    </ul>
  )
}

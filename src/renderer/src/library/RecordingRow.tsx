import type { RecordingView } from '../../../shared/api'
import { formatClock } from '../format/formatClock'
import { recordingHref } from '../routing/parseRoute'
import { ProgressBar } from './ProgressBar'
import { isActive, statusLabel } from './statusLabel'

export interface RecordingRowProps {
  recording: RecordingView
  onCancel: (id: string) => void
  onDelete: (recording: RecordingView) => void
}

export function RecordingRow({ recording, onCancel, onDelete }: RecordingRowProps) {
  const active = isActive(recording.status)
  return (
    <li className="recording-row" data-status={recording.status} data-testid="recording-row">
      <div className="row-main">
        <a className="row-title" href={recordingHref(recording.id)}>
          {recording.title}
        </a>
        <span className="muted">
          {recording.durationMs === null ? '' : formatClock(recording.durationMs)}
          {' · '}
          {new Date(recording.importedAt).toLocaleString()}
        </span>
      </div>
      <span className={`status status-${recording.status}`}>{statusLabel[recording.status]}</span>
      <div className="row-progress">
        {active && (
          <ProgressBar percent={recording.progress} label={`Transcribing ${recording.title}`} />
        )}
        {recording.error && (
          <p className="error-text" role="status">
            {recording.error.message}
          </p>
        )}
      </div>
      <div className="row-actions">
        {active ? (
          <button
            type="button"
            onClick={() => {
              onCancel(recording.id)
            }}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="quiet"
            onClick={() => {
              onDelete(recording)
            }}
          >
            Delete
          </button>
        )}
      </div>
    </li>
  )
}

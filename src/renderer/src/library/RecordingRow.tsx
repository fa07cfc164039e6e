import type { CSSProperties } from 'react'
import type { RecordingView } from '../../../shared/api'
import { describeJobProgress } from '../../../shared/describeJobProgress'
import { recordingHref } from '../routing/parseRoute'
import { ProgressBar } from './ProgressBar'
import { QualityBadge } from '../recording/QualityBadge'
import { rowFacts } from './rowFacts'
import { isActive, statusLabel } from './statusLabel'

export interface RecordingRowProps {
  recording: RecordingView
  /** Place in the whole list (1-based) and its length: only a window of rows is in the page. */
  position: number
  setSize: number
  /** Roving tabindex: only the row the keyboard is on takes Tab. */
  tabbable: boolean
  style: CSSProperties
  onFocusRow: () => void
  onCancel: (id: string) => void
  onRetry: (id: string) => void
  onDelete: (recording: RecordingView) => void
}

export function RecordingRow({
  recording,
  position,
  setSize,
  tabbable,
  style,
  onFocusRow,
  onCancel,
  onRetry,
  onDelete,
}: RecordingRowProps) {
  const active = isActive(recording.status)
  const retryable = recording.status === 'failed' || recording.status === 'cancelled'
  const tabIndex = tabbable ? 0 : -1
  const progressText = describeJobProgress(recording)
  return (
    <li
      className="recording-row"
      data-status={recording.status}
      data-testid="recording-row"
      data-index={position - 1}
      aria-posinset={position}
      aria-setsize={setSize}
      style={style}
      onFocus={onFocusRow}
    >
      <div className="row-main">
        <a className="row-title" href={recordingHref(recording.id)} tabIndex={tabIndex}>
          {recording.title}
        </a>
        <span className="muted row-facts" data-testid="row-facts">
          {rowFacts(recording).join(' · ')}
        </span>
      </div>
      <span className={`status status-${recording.status}`}>{statusLabel[recording.status]}</span>
      <div className="row-progress">
        {recording.status === 'done' && <QualityBadge quality={recording.quality} />}
        {active && (
          <ProgressBar percent={recording.progress} label={`Transcribing ${recording.title}`} />
        )}
        {progressText !== '' && (
          <span className="muted row-progress-text" data-testid="row-progress-text">
            {progressText}
          </span>
        )}
        {recording.error && (
          <p className="error-text row-error" role="status" title={recording.error.message}>
            {recording.error.message}
          </p>
        )}
      </div>
      <div className="row-actions">
        {active ? (
          <button
            type="button"
            tabIndex={tabIndex}
            onClick={() => {
              onCancel(recording.id)
            }}
          >
            Cancel
          </button>
        ) : (
          <>
            {retryable && (
              <button
                type="button"
                tabIndex={tabIndex}
                aria-label={`Retry ${recording.title}`}
                onClick={() => {
                  onRetry(recording.id)
                }}
              >
                Retry
              </button>
            )}
            <button
              type="button"
              className="quiet"
              tabIndex={tabIndex}
              aria-label={`Delete ${recording.title}`}
              onClick={() => {
                onDelete(recording)
              }}
            >
              Delete
            </button>
          </>
        )}
      </div>
    </li>
  )
}

import type { ModelChoice } from '../../../shared/backendViews'
import { formatBytes } from '../../../shared/formatBytes'
import { describeTransfer } from '../../../shared/formatTransfer'
import { ProgressBar } from '../library/ProgressBar'

interface Props {
  model: ModelChoice
  /** The file set as `model.path` now, to say "in use" rather than offer it again. */
  currentPath: string
  onStart: (name: string) => void
  onCancel: (name: string) => void
  onUse: (path: string) => void
}

/**
 * One model's download: a button to start (or resume) it, then a bar with speed and time left
 * and a Cancel button, then what became of it. Cancelling keeps what was fetched, so the button
 * after a cancel resumes.
 */
export function ModelDownloadControl({ model, currentPath, onStart, onCancel, onUse }: Props) {
  const download = model.download
  if (download?.state === 'downloading') {
    const percent = (download.bytes / download.total) * 100
    return (
      <div className="model-download" aria-live="polite">
        <ProgressBar percent={percent} label={`Downloading ${model.name}`} />
        <span className="muted download-figures">{describeTransfer(download)}</span>
        <button
          type="button"
          onClick={() => {
            onCancel(model.name)
          }}
        >
          Cancel
        </button>
      </div>
    )
  }
  if (model.downloadedPath !== null) {
    if (model.downloadedPath === currentPath) {
      return (
        <span className="saved">
          {download?.state === 'done'
            ? `Downloaded, SHA-256 verified, and set as the model.`
            : 'In use.'}
        </span>
      )
    }
    const path = model.downloadedPath
    return (
      <button
        type="button"
        onClick={() => {
          onUse(path)
        }}
      >
        Use {model.name}
      </button>
    )
  }
  const resume = model.partialBytes > 0
  return (
    <div className="model-download">
      <button
        type="button"
        className={model.recommendation !== null ? 'primary' : undefined}
        onClick={() => {
          onStart(model.name)
        }}
      >
        {resume
          ? `Resume ${model.name} (${formatBytes(model.partialBytes)} of ${formatBytes(model.bytes)})`
          : `Download ${model.name}`}
      </button>
      {download?.state === 'cancelled' && (
        <span className="muted">Cancelled; what was fetched is kept for a resume.</span>
      )}
      {download?.state === 'failed' && download.error !== null && (
        <span className="error-text" role="alert">
          {download.error.message}
        </span>
      )}
    </div>
  )
}

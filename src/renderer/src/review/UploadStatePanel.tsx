import type { UploadStatusView } from '../../../shared/uploadViews'
import { describeUploadState } from './uploadStateLabel'

/** The latest upload of this payload: state, the server's reason for a failure, the receipt. */
export function UploadStatePanel({
  upload,
  sending,
}: {
  upload: UploadStatusView | null
  sending: boolean
}) {
  const state = sending ? 'sending' : (upload?.state ?? 'not-sent')
  return (
    <section className="upload-state" aria-label="Upload state" data-testid="upload-state">
      <p>
        <span className={`status upload-${state}`} data-state={state}>
          {describeUploadState(state, upload?.error != null)}
        </span>
        {upload !== null && upload.attempts > 0 && (
          <span className="muted">
            {' '}
            · {upload.attempts} attempt{upload.attempts === 1 ? '' : 's'}
          </span>
        )}
      </p>
      {upload?.error != null && (
        <p className="error-text" role="alert">
          {upload.error.message}
        </p>
      )}
      {upload?.receipt != null && (
        <dl className="receipt" data-testid="receipt">
          <dt>Received</dt>
          <dd>{new Date(upload.receipt.receivedAt).toLocaleString()}</dd>
          <dt>Backend id</dt>
          <dd>
            <code>{upload.receipt.id}</code>
          </dd>
          <dt>SHA-256 the backend computed</dt>
          <dd>
            <code className="hash">{upload.receipt.payloadSha256}</code>
          </dd>
        </dl>
      )}
    </section>
  )
}

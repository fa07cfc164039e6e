import { useState } from 'react'
import type { UploadStatusView } from '../../../shared/uploadViews'
import { formatBytes } from '../../../shared/formatBytes'
import { ExactBytesToggle } from './ExactBytesToggle'
import { markRedactions } from './markRedactions'
import { PayloadText } from './PayloadText'
import { prettyPayload } from './prettyPayload'
import { RedactionItems } from './RedactionItems'
import { UploadStatePanel } from './UploadStatePanel'
import { usePreview } from './usePreview'
import { useRedactionToggle } from './useRedactionToggle'

export interface PayloadPanelProps {
  id: string
  title: string
  /** The list's view of this recording's latest upload (kept fresh while sending). */
  latest: UploadStatusView | undefined
  sending: boolean
  sendError: string | null
  onSend: (id: string) => Promise<void>
}

/** One recording's upload: the exact JSON, then Send, then the state and the receipt. */
export function PayloadPanel({ id, title, latest, sending, sendError, onSend }: PayloadPanelProps) {
  const { preview, error, reload } = usePreview(id)
  const [exact, setExact] = useState(false)
  // A revert or restore changes the bytes: the preview is read again, never patched here.
  const redactions = useRedactionToggle(id, reload)

  if (error !== null) {
    return (
      <p className="error-text" role="alert">
        {error}
      </p>
    )
  }
  if (preview === null) return <p className="muted">Preparing the payload…</p>

  // The list row is the fresher view while a send is under way; it describes this exact payload
  // only when the hashes agree (an edited transcript is a new payload, not yet sent).
  const upload =
    latest !== undefined && latest.payloadSha256 === preview.payloadSha256 ? latest : preview.upload
  const sent = upload?.state === 'done'
  const shown = exact ? preview.body : (prettyPayload(preview.body) ?? preview.body)
  const items = preview.redactions
  const { parts, marked } = markRedactions(shown, preview.body, items)
  return (
    <section className="payload-panel" aria-labelledby="payload-title">
      <header className="payload-header">
        <div>
          <h2 id="payload-title">{title}</h2>
          <p className="muted">
            Exactly this JSON is sent, {formatBytes(preview.bytes)} · SHA-256{' '}
            <code className="hash" data-testid="payload-sha256">
              {preview.payloadSha256}
            </code>
          </p>
        </div>
        <div className="payload-actions">
          <ExactBytesToggle exact={exact} onChange={setExact} />
          <button
            type="button"
            className="primary"
            disabled={sending || sent}
            onClick={() => {
              void onSend(id).then(reload)
            }}
          >
            {sent
              ? 'Uploaded'
              : sending
                ? 'Sending…'
                : upload?.state === 'failed'
                  ? 'Send again'
                  : 'Send'}
          </button>
        </div>
      </header>
      {sendError !== null && (
        <p className="error-text" role="alert">
          {sendError}
        </p>
      )}
      <UploadStatePanel upload={upload} sending={sending} />
      <section className="redactions" aria-labelledby="redactions-title">
        <h3 id="redactions-title">Redactions</h3>
        {sent && items.length > 0 && (
          <p className="muted" data-testid="redactions-after-upload">
            This version is uploaded. Changing a redaction makes a new version: it is sent only when
            you press Send, and the backend keeps the version it has until then.
          </p>
        )}
        {redactions.error !== null && (
          <p className="error-text" role="alert">
            {redactions.error}
          </p>
        )}
        {items.length === 0 && (
          <p className="muted">
            Nothing is redacted in this upload: no personal data was found, or redaction is off in
            Settings.
          </p>
        )}
        {items.length > 0 && (
          <RedactionItems
            items={items}
            marked={marked}
            busyId={redactions.busyId}
            onToggle={redactions.toggle}
          />
        )}
      </section>
      <PayloadText parts={parts} />
    </section>
  )
}

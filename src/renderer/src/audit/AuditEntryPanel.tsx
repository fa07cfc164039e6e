import { useEffect, useState } from 'react'
import type { AuditEntryDetail } from '../../../shared/auditViews'
import { call, messageOf } from '../bridge/call'
import { formatBytes } from '../../../shared/formatBytes'
import { ExactBytesToggle } from '../review/ExactBytesToggle'
import { prettyPayload } from '../review/prettyPayload'
import { AuditEntryRecording } from './AuditEntryRecording'
import { purposeLabel } from './purposeLabel'

/** One entry in full, with the exact bytes it recorded. */
export function AuditEntryPanel({ seq, onClose }: { seq: number; onClose: () => void }) {
  const [detail, setDetail] = useState<AuditEntryDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [exact, setExact] = useState(false)

  useEffect(() => {
    call('audit.entry', { seq }).then(setDetail, (failure: unknown) => {
      setError(messageOf(failure))
    })
  }, [seq])

  const payload = detail?.payload ?? null
  const pretty = payload?.encoding === 'utf8' && !exact ? prettyPayload(payload.text) : null
  return (
    <section className="audit-entry" aria-labelledby="audit-entry-title" data-testid="audit-entry">
      <header className="payload-header">
        <h2 id="audit-entry-title">Entry {seq}</h2>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </header>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {detail !== null && (
        <>
          <dl className="receipt">
            <dt>Time</dt>
            <dd>{new Date(detail.entry.ts).toLocaleString()}</dd>
            <dt>What</dt>
            <dd>
              {detail.entry.kind} · {purposeLabel(detail.entry.purpose)}
            </dd>
            <dt>Destination</dt>
            <dd>
              <code>
                {detail.entry.method} {detail.entry.destination}
              </code>
            </dd>
            <dt>Outcome</dt>
            <dd>
              {detail.entry.status ?? '—'}
              {detail.entry.reason !== null && ` · ${detail.entry.reason}`}
            </dd>
            {detail.entry.recordingId !== null && (
              <>
                <dt>Recording</dt>
                <dd>
                  <AuditEntryRecording id={detail.entry.recordingId} />
                </dd>
              </>
            )}
            <dt>Size</dt>
            <dd>{formatBytes(detail.entry.bytes)}</dd>
            {detail.entry.payloadSha256 !== null && (
              <>
                <dt>SHA-256</dt>
                <dd>
                  <code className="hash">{detail.entry.payloadSha256}</code>
                </dd>
              </>
            )}
          </dl>
          {payload === null ? (
            <p className="muted">No body: nothing but the request line and headers.</p>
          ) : (
            <>
              {payload.encoding === 'utf8' ? (
                <ExactBytesToggle exact={exact} onChange={setExact} />
              ) : (
                <p className="muted">Not text: the exact bytes in base64.</p>
              )}
              <pre
                className="payload"
                tabIndex={0}
                aria-label={`Payload of entry ${seq}`}
                data-testid="audit-payload"
              >
                {pretty ?? payload.text}
              </pre>
            </>
          )}
        </>
      )}
    </section>
  )
}

import { useState } from 'react'
import { call, messageOf } from '../bridge/call'
import { PayloadPanel } from './PayloadPanel'
import { UploadList } from './UploadList'
import { useUploads } from './useUploads'

/** Review & Upload (DESIGN.md §9): nothing leaves before the person has seen exactly what will. */
export function ReviewScreen({ selectedId }: { selectedId: string | null }) {
  const [sendingIds, setSendingIds] = useState<ReadonlySet<string>>(new Set())
  const [sendErrors, setSendErrors] = useState<ReadonlyMap<string, string>>(new Map())
  const { uploads, error, refresh } = useUploads(sendingIds.size > 0)

  const send = async (id: string): Promise<void> => {
    setSendingIds((ids) => new Set(ids).add(id))
    setSendErrors((errors) => withEntry(errors, id, null))
    try {
      // Each outcome's reason is in the refreshed list; an error here means nothing was sent.
      await call('uploads.send', { ids: [id] })
    } catch (failure) {
      setSendErrors((errors) => withEntry(errors, id, messageOf(failure)))
    } finally {
      setSendingIds((ids) => {
        const next = new Set(ids)
        next.delete(id)
        return next
      })
      refresh()
    }
  }

  const selected = uploads?.find((upload) => upload.recordingId === selectedId)
  return (
    <div className="screen review-screen">
      <header className="screen-header">
        <div>
          <h1>Review &amp; Upload</h1>
          <p className="muted">
            Only the transcript text and its timings leave this device, and only when you press
            Send. Recordings never do.
          </p>
        </div>
      </header>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {uploads?.length === 0 && (
        <p className="muted empty">
          No finished transcripts yet: import recordings in the Library.
        </p>
      )}
      {uploads !== null && uploads.length > 0 && (
        <div className="review-body">
          <UploadList uploads={uploads} selectedId={selectedId} sendingIds={sendingIds} />
          {selected === undefined ? (
            <p className="muted">Choose a recording to see exactly what would be sent.</p>
          ) : (
            <PayloadPanel
              key={selected.recordingId}
              id={selected.recordingId}
              title={selected.title}
              latest={selected}
              sending={sendingIds.has(selected.recordingId)}
              sendError={sendErrors.get(selected.recordingId) ?? null}
              onSend={send}
            />
          )}
        </div>
      )}
    </div>
  )
}

function withEntry(
  map: ReadonlyMap<string, string>,
  key: string,
  value: string | null,
): ReadonlyMap<string, string> {
  const next = new Map(map)
  if (value === null) next.delete(key)
  else next.set(key, value)
  return next
}

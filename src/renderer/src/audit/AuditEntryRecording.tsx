import { useEffect, useState } from 'react'
import { call } from '../bridge/call'
import { recordingHref } from '../routing/parseRoute'

/**
 * The recording an audit entry was about, as a link to it; the entry outlives a deleted recording
 * (the log is append-only), and then says so instead of linking nowhere.
 */
export function AuditEntryRecording({ id }: { id: string }) {
  const [title, setTitle] = useState<string | null | undefined>(undefined)
  useEffect(() => {
    call('recordings.get', { id }).then(
      (recording) => {
        setTitle(recording.title)
      },
      () => {
        setTitle(null)
      },
    )
  }, [id])
  if (title === undefined) return <span className="muted">…</span>
  if (title === null) return <span className="muted">No longer in the library (deleted).</span>
  return (
    <a href={recordingHref(id)} data-testid="audit-entry-recording">
      {title}
    </a>
  )
}

import { useState } from 'react'
import type { RecordingView } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'

/** "2025-03-01T09:30" in local time, what a datetime-local input holds. */
function toLocalInput(iso: string): string {
  const date = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/**
 * When the call happened, which Insights group by: shown, and corrected in place (the file's own
 * date is often the day it was copied, not the day of the call).
 */
export function CallDateField({
  recording,
  onSaved,
}: {
  recording: RecordingView
  onSaved: () => void
}) {
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)
  const shown = recording.callDate ?? recording.importedAt
  if (!editing) {
    return (
      <span className="call-date">
        {recording.callDate === null ? 'Imported ' : 'Call on '}
        <time dateTime={shown}>{new Date(shown).toLocaleString()}</time>{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setDraft(toLocalInput(shown))
            setError(null)
            setEditing(true)
          }}
        >
          Change date
        </button>
      </span>
    )
  }
  const save = () => {
    const date = new Date(draft)
    if (Number.isNaN(date.getTime())) {
      setError('Enter a date and time.')
      return
    }
    call('recordings.setCallDate', { id: recording.id, callDate: date.toISOString() }).then(
      () => {
        setEditing(false)
        onSaved()
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }
  return (
    <span className="call-date">
      <label>
        Call date{' '}
        <input
          type="datetime-local"
          value={draft}
          onChange={(event) => {
            setDraft(event.target.value)
          }}
        />
      </label>{' '}
      <button type="button" onClick={save}>
        Save
      </button>{' '}
      <button
        type="button"
        className="quiet"
        onClick={() => {
          setEditing(false)
        }}
      >
        Cancel
      </button>
      {error !== null && (
        <span className="error-text" role="alert">
          {' '}
          {error}
        </span>
      )}
    </span>
  )
}

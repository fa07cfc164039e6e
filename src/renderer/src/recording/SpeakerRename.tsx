import { useEffect, useRef, useState } from 'react'
import type { SpeakerView } from '../../../shared/derivedViews'
import { messageOf } from '../bridge/call'

export interface SpeakerRenameProps {
  speaker: SpeakerView
  onRename: (label: string, name: string) => Promise<void>
}

/**
 * One speaker with an inline rename: the button opens a text field (focused), Enter saves, Escape
 * cancels, and focus returns to the button either way so keyboard users keep their place.
 */
export function SpeakerRename({ speaker, onRename }: SpeakerRenameProps) {
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const wasEditing = useRef(false)

  useEffect(() => {
    if (editing) input.current?.focus()
    else if (wasEditing.current) button.current?.focus()
    wasEditing.current = editing
  }, [editing])

  const shown = speaker.name ?? speaker.label
  const cancel = () => {
    setError(null)
    setEditing(false)
  }
  const save = () => {
    setSaving(true)
    onRename(speaker.label, draft).then(
      () => {
        setSaving(false)
        setError(null)
        setEditing(false)
      },
      (failure: unknown) => {
        setSaving(false)
        setError(messageOf(failure))
      },
    )
  }

  if (!editing) {
    return (
      <div className="speaker-rename">
        <span className="speaker" data-testid="speaker-name">
          {shown}
        </span>
        {speaker.name !== null && <span className="muted">{speaker.label}</span>}
        <button
          ref={button}
          type="button"
          className="link-button"
          aria-label={`Rename ${shown}`}
          onClick={() => {
            setDraft(speaker.name ?? '')
            setEditing(true)
          }}
        >
          Rename
        </button>
      </div>
    )
  }
  const errorId = `rename-error-${speaker.label.replace(/\W+/g, '-')}`
  return (
    <div className="speaker-rename editing">
      <input
        ref={input}
        type="text"
        value={draft}
        maxLength={80}
        placeholder={speaker.label}
        aria-label={`Name for ${speaker.label} (Enter saves, Escape cancels; empty restores the label)`}
        aria-invalid={error !== null}
        aria-describedby={error !== null ? errorId : undefined}
        disabled={saving}
        onChange={(event) => {
          setDraft(event.target.value)
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            save()
          } else if (event.key === 'Escape') {
            event.preventDefault()
            cancel()
          }
        }}
      />
      <button type="button" onClick={save} disabled={saving}>
        Save
      </button>
      <button type="button" className="quiet" onClick={cancel} disabled={saving}>
        Cancel
      </button>
      {error !== null && (
        <p className="error-text" id={errorId} role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

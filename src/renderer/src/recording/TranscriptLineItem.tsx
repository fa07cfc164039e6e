import { useEffect, useRef, useState } from 'react'
import type { TranscriptLine } from '../../../shared/api'
import type { SpeakerView } from '../../../shared/derivedViews'
import { MAX_LINE_TEXT } from '../../../shared/lineText'
import { messageOf } from '../bridge/call'
import { formatClock } from '../format/formatClock'
import { Highlighted } from '../search/Highlighted'
import { normalizeLineDraft } from './normalizeLineDraft'

export interface TranscriptLineItemProps {
  line: TranscriptLine
  current: boolean
  focused: boolean
  query: string
  speakerName: (label: string) => string
  onSeek: (line: TranscriptLine) => void
  /** Saves a corrected text; rejects with the reason. Absent while the transcript is unfinished. */
  onEdit?: (line: TranscriptLine, text: string) => Promise<void>
  /** Moves the line to another speaker; rejects with the reason. Absent while unfinished. */
  onMove?: (line: TranscriptLine, speaker: string) => Promise<void>
  /** The recording's speakers, the choices of the move. */
  speakers?: readonly SpeakerView[]
}

/**
 * One transcript line: a button that seeks the player there, and an inline text editor opened by
 * the Edit button or a double-click. Enter (or Ctrl+Enter) saves and Escape cancels; either way
 * focus returns to the line, as in SpeakerRename. Saving closes the editor at once (the transcript
 * shows the new text while it is sent); a refusal brings the old text back and says why here.
 */
export function TranscriptLineItem({
  line,
  current,
  focused,
  query,
  speakerName,
  onSeek,
  onEdit,
  onMove,
  speakers = [],
}: TranscriptLineItemProps) {
  /** The text being edited; null while the line is shown. */
  const [draft, setDraft] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  /** A refused edit's text, offered again when the editor reopens so nothing typed is lost. */
  const [unsaved, setUnsaved] = useState<string | null>(null)
  const lineButton = useRef<HTMLButtonElement>(null)
  const textarea = useRef<HTMLTextAreaElement>(null)
  const wasEditing = useRef(false)
  const editing = draft !== null

  useEffect(() => {
    const field = textarea.current
    if (editing && field) {
      field.focus()
      field.setSelectionRange(field.value.length, field.value.length)
    } else if (!editing && wasEditing.current) {
      lineButton.current?.focus()
    }
    wasEditing.current = editing
  }, [editing])

  const clock = formatClock(line.startMs)
  const open = () => {
    if (!onEdit) return
    setDraft(unsaved ?? line.text.trim())
    setError(null)
  }
  const cancel = () => {
    setDraft(null)
    setError(null)
    setUnsaved(null)
  }
  const save = () => {
    if (draft === null || !onEdit) return
    const text = normalizeLineDraft(draft)
    if (text === '') {
      setError('A line cannot be empty; press Escape to keep it as it was.')
      return
    }
    cancel()
    if (text === line.text) return
    onEdit(line, text).catch((failure: unknown) => {
      setUnsaved(text)
      setError(`Your edit was not saved: ${messageOf(failure)}`)
    })
  }

  const errorId = `line-error-${line.idx}`
  const errorText = error !== null && (
    <p className="error-text line-error" id={errorId} role="alert">
      {error}
    </p>
  )
  const speaker = line.speaker !== undefined && (
    <span className="speaker">{speakerName(line.speaker)}</span>
  )

  if (editing) {
    return (
      <li data-idx={line.idx} className="transcript-item editing">
        <div className="line-editor">
          <span className="timestamp">{clock}</span>
          {speaker}
          <textarea
            ref={textarea}
            value={draft}
            rows={2}
            maxLength={MAX_LINE_TEXT}
            aria-label={`Text of the line at ${clock} (Enter saves, Escape cancels)`}
            aria-invalid={error !== null}
            aria-describedby={error !== null ? errorId : undefined}
            onChange={(event) => {
              setDraft(event.target.value)
            }}
            onKeyDown={(event) => {
              // An input method's Enter picks a candidate; it is not a save.
              if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
                event.preventDefault()
                save()
              } else if (event.key === 'Escape') {
                event.preventDefault()
                event.stopPropagation()
                cancel()
              }
            }}
          />
        </div>
        <div className="line-actions">
          <button type="button" onClick={save}>
            Save
          </button>
          <button type="button" className="quiet" onClick={cancel}>
            Cancel
          </button>
        </div>
        {errorText}
      </li>
    )
  }
  return (
    <li data-idx={line.idx} className="transcript-item">
      <button
        ref={lineButton}
        type="button"
        className={['line', current ? 'current' : '', focused ? 'focused' : ''].join(' ')}
        aria-current={current ? 'true' : undefined}
        aria-describedby={error !== null ? errorId : undefined}
        onClick={() => {
          onSeek(line)
        }}
        onDoubleClick={open}
      >
        <span className="timestamp">{clock}</span>
        {speaker}
        <span className="line-text">
          <Highlighted text={line.text.trim()} query={query} />
        </span>
      </button>
      {onEdit && (
        <button
          type="button"
          className="link-button line-edit"
          aria-label={`Edit line at ${clock}`}
          onClick={open}
        >
          Edit
        </button>
      )}
      {onMove && line.speaker !== undefined && speakers.length > 1 && (
        <select
          className="line-speaker"
          aria-label={`Speaker of the line at ${clock}`}
          value={line.speaker}
          onChange={(event) => {
            const speaker = event.target.value
            setError(null)
            onMove(line, speaker).catch((failure: unknown) => {
              setError(`The line was not moved: ${messageOf(failure)}`)
            })
          }}
        >
          {speakers.map((s) => (
            <option key={s.label} value={s.label}>
              {speakerName(s.label)}
            </option>
          ))}
        </select>
      )}
      {errorText}
    </li>
  )
}

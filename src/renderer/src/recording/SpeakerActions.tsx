import { useEffect, useId, useRef, useState } from 'react'
import { YOU_SPEAKER_NAME, type SpeakerView } from '../../../shared/derivedViews'
import { messageOf } from '../bridge/call'

export interface SpeakerActionsProps {
  speaker: SpeakerView
  /** Every speaker of the recording, this one included (the merge targets are the others). */
  speakers: readonly SpeakerView[]
  displayName: (label: string) => string
  onMarkMe: (label: string) => Promise<void>
  onMerge: (from: string, into: string) => Promise<void>
}

/**
 * What else can be said about one speaker: "This is me" (their voice becomes the user's profile),
 * and merging them into another speaker (the diarizer split one person in two). A merge cannot be
 * undone in one step, so it asks first, in place: the confirmation takes focus, Escape or Cancel
 * returns it to the Merge button.
 */
export function SpeakerActions({
  speaker,
  speakers,
  displayName,
  onMarkMe,
  onMerge,
}: SpeakerActionsProps) {
  const id = useId()
  const others = speakers.filter((s) => s.label !== speaker.label)
  const [into, setInto] = useState(others[0]?.label ?? '')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const confirmButton = useRef<HTMLButtonElement>(null)
  const mergeButton = useRef<HTMLButtonElement>(null)
  const wasConfirming = useRef(false)
  const shown = displayName(speaker.label)
  const target = others.some((s) => s.label === into) ? into : (others[0]?.label ?? '')

  useEffect(() => {
    if (confirming) confirmButton.current?.focus()
    else if (wasConfirming.current) mergeButton.current?.focus()
    wasConfirming.current = confirming
  }, [confirming])

  const run = (action: Promise<void>) => {
    setBusy(true)
    action.then(
      () => {
        setBusy(false)
        setError(null)
      },
      (failure: unknown) => {
        setBusy(false)
        setError(messageOf(failure))
      },
    )
  }

  return (
    <div className="speaker-actions">
      {speaker.name !== YOU_SPEAKER_NAME && (
        <button
          type="button"
          className="link-button"
          aria-label={`This is me: ${shown}`}
          disabled={busy}
          onClick={() => {
            run(onMarkMe(speaker.label))
          }}
        >
          This is me
        </button>
      )}
      {others.length > 0 && !confirming && (
        <span className="speaker-merge">
          <label htmlFor={`${id}-into`}>Merge {shown} into</label>
          <select
            id={`${id}-into`}
            value={target}
            disabled={busy}
            onChange={(event) => {
              setInto(event.target.value)
            }}
          >
            {others.map((other) => (
              <option key={other.label} value={other.label}>
                {displayName(other.label)}
              </option>
            ))}
          </select>
          <button
            ref={mergeButton}
            type="button"
            className="quiet"
            aria-label={`Merge ${shown}…`}
            disabled={busy || target === ''}
            onClick={() => {
              setConfirming(true)
            }}
          >
            Merge…
          </button>
        </span>
      )}
      {confirming && (
        <div
          className="speaker-merge-confirm"
          role="group"
          aria-labelledby={`${id}-question`}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              setConfirming(false)
            }
          }}
        >
          <p id={`${id}-question`}>
            Every line of {shown} becomes {displayName(target)}. Merge them?
          </p>
          <button
            ref={confirmButton}
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => {
              setConfirming(false)
              run(onMerge(speaker.label, target))
            }}
          >
            Merge into {displayName(target)}
          </button>
          <button
            type="button"
            className="quiet"
            onClick={() => {
              setConfirming(false)
            }}
          >
            Cancel
          </button>
        </div>
      )}
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

import { useId } from 'react'
import { describeAnalyticsEvents } from './describeAnalyticsEvents'

const events = describeAnalyticsEvents()

/** Off unless chosen; the words list every event and value the contract lets out. */
export function AnalyticsChoice({
  enabled,
  onChange,
}: {
  enabled: boolean
  onChange: (enabled: boolean) => void
}) {
  const name = useId()
  return (
    <fieldset className="panel analytics-choice">
      <legend>Anonymous usage counts</legend>
      <label className="choice">
        <input
          type="radio"
          name={name}
          checked={!enabled}
          onChange={() => {
            onChange(false)
          }}
        />
        <span>
          <strong>Don’t send anything</strong> (the default). Nothing leaves this computer unless
          you upload a transcript yourself.
        </span>
      </label>
      <label className="choice">
        <input
          type="radio"
          name={name}
          checked={enabled}
          onChange={() => {
            onChange(true)
          }}
        />
        <span>
          <strong>Send these counts</strong> to help improve Earshot. Never a transcript, a name, a
          file or a recording.
        </span>
      </label>
      <details>
        <summary>Exactly what would be sent</summary>
        <p className="muted">
          Each event carries only its name, a random id made for this installation (not tied to you
          or your computer), the time and Earshot’s version, plus the values listed here and no
          others. Every one is written to the Audit Log before it is sent.
        </p>
        <dl className="event-list">
          {events.map((event) => (
            <div key={event.name}>
              <dt>
                <code>{event.name}</code>
              </dt>
              <dd>
                {event.description}
                {event.fields.map((field) => (
                  <span key={field.name} className="muted event-values">
                    {' '}
                    {field.label}: {field.values.join(', ')}.
                  </span>
                ))}
              </dd>
            </div>
          ))}
        </dl>
      </details>
    </fieldset>
  )
}

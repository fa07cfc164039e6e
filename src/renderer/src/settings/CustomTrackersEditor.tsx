import { useId, useState } from 'react'
import { trackerKinds, type TrackerDefinition, type TrackerKind } from '../../../shared/signals'

/** One tracker as the form holds it: lists as text, one entry per line, until saved. */
interface TrackerDraft {
  id: string
  label: string
  kind: TrackerKind
  phrases: string
  patterns: string
  negatable: boolean
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')

function toDraft(tracker: TrackerDefinition): TrackerDraft {
  return {
    id: tracker.id,
    label: tracker.label,
    kind: tracker.kind,
    phrases: tracker.phrases.join('\n'),
    patterns: (tracker.patterns ?? []).join('\n'),
    negatable: tracker.negatable,
  }
}

/** The draft as the setting's value; the schema (through `onSave`) says what is wrong with it. */
function fromDraft(draft: TrackerDraft): TrackerDefinition {
  const patterns = lines(draft.patterns)
  return {
    id: draft.id.trim(),
    label: draft.label.trim(),
    kind: draft.kind,
    phrases: lines(draft.phrases),
    ...(patterns.length > 0 && { patterns }),
    negatable: draft.negatable,
  }
}

/** "Churn risk!" → "churn-risk": the id a new tracker is given until the user writes their own. */
function idFrom(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
}

export interface CustomTrackersEditorProps {
  value: readonly TrackerDefinition[]
  /** Validates and saves the whole list (SettingRow's save: the schema, then the core). */
  onSave: (trackers: TrackerDefinition[]) => void
  describedBy: string
}

/** `signals.custom` as a form: one fieldset per tracker, instead of a JSON box. */
export function CustomTrackersEditor({ value, onSave, describedBy }: CustomTrackersEditorProps) {
  const [drafts, setDrafts] = useState<TrackerDraft[]>(() => value.map(toDraft))
  const baseId = useId()
  const change = (index: number, patch: Partial<TrackerDraft>) => {
    setDrafts((all) => all.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)))
  }
  return (
    <div className="custom-trackers" aria-describedby={describedBy}>
      {drafts.length === 0 && <p className="muted">No trackers of your own yet.</p>}
      {drafts.map((draft, index) => {
        const field = (name: string) => `${baseId}-${index}-${name}`
        return (
          <fieldset key={index} className="custom-tracker" data-testid="custom-tracker">
            <legend>Tracker {index + 1}</legend>
            <label htmlFor={field('label')}>Name</label>
            <input
              id={field('label')}
              type="text"
              value={draft.label}
              onChange={(event) => {
                const label = event.target.value
                // The id follows the name until the user edits the id itself.
                const followsName = draft.id === '' || draft.id === idFrom(draft.label)
                change(index, { label, ...(followsName && { id: idFrom(label) }) })
              }}
            />
            <label htmlFor={field('id')}>Id</label>
            <input
              id={field('id')}
              type="text"
              value={draft.id}
              onChange={(event) => {
                change(index, { id: event.target.value })
              }}
            />
            <label htmlFor={field('kind')}>Kind</label>
            <select
              id={field('kind')}
              value={draft.kind}
              onChange={(event) => {
                change(index, { kind: event.target.value as TrackerKind })
              }}
            >
              {trackerKinds.map((kind) => (
                <option key={kind}>{kind}</option>
              ))}
            </select>
            <label htmlFor={field('phrases')}>Phrases (one per line)</label>
            <textarea
              id={field('phrases')}
              rows={3}
              spellCheck={false}
              value={draft.phrases}
              onChange={(event) => {
                change(index, { phrases: event.target.value })
              }}
            />
            <label htmlFor={field('patterns')}>Patterns (regular expressions, one per line)</label>
            <textarea
              id={field('patterns')}
              rows={2}
              spellCheck={false}
              value={draft.patterns}
              onChange={(event) => {
                change(index, { patterns: event.target.value })
              }}
            />
            <label>
              <input
                type="checkbox"
                checked={draft.negatable}
                onChange={(event) => {
                  change(index, { negatable: event.target.checked })
                }}
              />{' '}
              “We don’t need …” cancels a hit
            </label>
            <button
              type="button"
              onClick={() => {
                setDrafts((all) => all.filter((_, i) => i !== index))
              }}
            >
              Remove tracker {index + 1}
            </button>
          </fieldset>
        )
      })}
      <div className="custom-tracker-actions">
        <button
          type="button"
          onClick={() => {
            setDrafts((all) => [
              ...all,
              {
                id: '',
                label: '',
                kind: 'feature-request',
                phrases: '',
                patterns: '',
                negatable: true,
              },
            ])
          }}
        >
          Add tracker
        </button>
        <button
          type="button"
          onClick={() => {
            onSave(drafts.map(fromDraft))
          }}
        >
          Save trackers
        </button>
      </div>
    </div>
  )
}

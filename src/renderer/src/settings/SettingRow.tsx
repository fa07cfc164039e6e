import { useId, useState } from 'react'
import { describeInvalidSetting } from '../../../shared/describeInvalidSetting'
import { settingsSchema, type SettingKey } from '../../../shared/settings'
import type { TrackerDefinition } from '../../../shared/signals'
import { CustomTrackersEditor } from './CustomTrackersEditor'
import { fieldFor } from './settingFields'
import { parseDraft, toDraft } from './parseDraft'

export interface SettingRowProps {
  settingKey: SettingKey
  value: unknown
  onSave: (key: SettingKey, value: unknown) => Promise<string | null>
}

/** One setting: validated here with the shared schema first, then by the core on save. */
export function SettingRow({ settingKey, value, onSave }: SettingRowProps) {
  const field = fieldFor(settingKey, value)
  const id = useId()
  const [draft, setDraft] = useState(toDraft(value, field.kind))
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)

  const save = async (next: unknown) => {
    setSaved(false)
    const checked = settingsSchema[settingKey].safeParse(next)
    if (!checked.success) {
      setError(describeInvalidSetting(field.label, checked.error))
      return
    }
    const failure = await onSave(settingKey, checked.data)
    setError(failure)
    setSaved(failure === null)
  }
  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault()
    void save(parseDraft(draft, field.kind))
  }

  const describedBy = `${id}-help ${id}-error`
  let control
  if (field.kind === 'boolean') {
    control = (
      <input
        id={id}
        type="checkbox"
        checked={value === true}
        aria-describedby={describedBy}
        onChange={(event) => void save(event.target.checked)}
      />
    )
  } else if (field.kind === 'trackers') {
    control = (
      <CustomTrackersEditor
        value={Array.isArray(value) ? (value as TrackerDefinition[]) : []}
        describedBy={describedBy}
        onSave={(trackers) => void save(trackers)}
      />
    )
  } else if (field.kind === 'select') {
    control = (
      <select
        id={id}
        value={toDraft(value)}
        aria-describedby={describedBy}
        onChange={(event) => void save(event.target.value)}
      >
        {field.options?.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    )
  } else {
    const common = {
      id,
      value: draft,
      'aria-describedby': describedBy,
      'aria-invalid': error !== null,
      onChange: (event: { target: { value: string } }) => {
        setDraft(event.target.value)
        setSaved(false)
      },
    }
    control = (
      <>
        {field.kind === 'long-text' || field.kind === 'list' || field.kind === 'json' ? (
          <textarea rows={field.kind === 'json' ? 6 : 3} spellCheck={false} {...common} />
        ) : (
          <input
            type="text"
            inputMode={field.kind === 'number' ? 'numeric' : undefined}
            {...common}
          />
        )}
        <button type="submit">Save</button>
      </>
    )
  }

  return (
    <form className="setting" onSubmit={submit} data-key={settingKey}>
      <label htmlFor={field.kind === 'trackers' ? undefined : id}>{field.label}</label>
      <div className="setting-control">{control}</div>
      <p id={`${id}-help`} className="muted setting-help">
        {field.help}
        {field.appliesOnRestart && ' Takes effect the next time Earshot starts.'}
        <code className="setting-key">{settingKey}</code>
      </p>
      <p id={`${id}-error`} className="error-text" role="status">
        {error ?? (saved ? <span className="saved">Saved.</span> : null)}
      </p>
    </form>
  )
}

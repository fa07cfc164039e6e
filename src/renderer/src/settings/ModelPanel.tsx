import { useEffect, useId, useState } from 'react'
import type { ModelChoice } from '../../../shared/backendViews'
import { call, messageOf } from '../bridge/call'
import { formatBytes } from '../format/formatBytes'
import { ActionStatus, type ActionMessage } from './ActionStatus'

/** The whisper model: a file already on this computer, or one of the catalogue's. */
export function ModelPanel() {
  const id = useId()
  const [path, setPath] = useState('')
  const [models, setModels] = useState<ModelChoice[] | null>(null)
  const [message, setMessage] = useState<ActionMessage | null>(null)

  useEffect(() => {
    Promise.all([call('settings.get', undefined), call('models.catalog', undefined)]).then(
      ([settings, catalog]) => {
        setPath(settings['model.path'] ?? '')
        setModels(catalog)
      },
      (failure: unknown) => {
        setMessage({ ok: false, text: messageOf(failure) })
      },
    )
  }, [])

  const use = (value: string) => {
    const trimmed = value.trim()
    call('settings.set', { key: 'model.path', value: trimmed === '' ? null : trimmed }).then(
      (settings) => {
        setPath(settings['model.path'] ?? '')
        setMessage({ ok: true, text: 'Saved.' })
      },
      (failure: unknown) => {
        setMessage({ ok: false, text: messageOf(failure) })
      },
    )
  }

  return (
    <div className="panel model-panel">
      <form
        onSubmit={(event: { preventDefault: () => void }) => {
          event.preventDefault()
          use(path)
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-path`}>Model file</label>
          <div className="field-row">
            <input
              id={`${id}-path`}
              type="text"
              placeholder="/path/to/ggml-base.en.bin"
              value={path}
              aria-describedby={`${id}-help`}
              onChange={(event) => {
                setPath(event.target.value)
              }}
            />
            <button type="submit">Save</button>
          </div>
          <p id={`${id}-help`} className="muted field-help">
            A whisper.cpp (ggml) model on this computer. Bigger models are more accurate and slower;
            “.en” models know only English.
          </p>
          <ActionStatus message={message} />
        </div>
      </form>
      {models !== null && (
        <details className="catalogue">
          <summary>Models you can download</summary>
          <p className="muted">
            Run the command in a terminal; the download goes through Earshot’s egress gate and is
            recorded in the audit log.
          </p>
          <ul>
            {models.map((model) => (
              <li key={model.name}>
                <span className="model-name">{model.name}</span>
                <span className="muted">{formatBytes(model.bytes)}</span>
                {model.downloadedPath === null ? (
                  <code>{model.command}</code>
                ) : (
                  <button
                    type="button"
                    onClick={() => {
                      use(model.downloadedPath ?? '')
                    }}
                  >
                    Use {model.name}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

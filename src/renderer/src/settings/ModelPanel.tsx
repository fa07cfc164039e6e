import { useCallback, useEffect, useId, useState } from 'react'
import { call, messageOf } from '../bridge/call'
import { formatBytes } from '../../../shared/formatBytes'
import { ActionStatus, type ActionMessage } from './ActionStatus'
import { ModelDownloadControl } from './ModelDownloadControl'
import { useModelCatalog } from './useModelCatalog'

/**
 * The whisper model: the one recommended for this computer, downloaded here in one click, any
 * other of the catalogue's, or a file already on this computer.
 */
export function ModelPanel() {
  const id = useId()
  const [path, setPath] = useState('')
  const [savedPath, setSavedPath] = useState('')
  const [message, setMessage] = useState<ActionMessage | null>(null)

  const loadPath = useCallback(() => {
    call('settings.get', undefined).then(
      (settings) => {
        setPath(settings['model.path'] ?? '')
        setSavedPath(settings['model.path'] ?? '')
      },
      (failure: unknown) => {
        setMessage({ ok: false, text: messageOf(failure) })
      },
    )
  }, [])
  useEffect(loadPath, [loadPath])
  const catalog = useModelCatalog(loadPath)
  const models = catalog.models
  const recommended = models?.find((model) => model.recommendation !== null)

  const use = (value: string) => {
    const trimmed = value.trim()
    call('settings.set', { key: 'model.path', value: trimmed === '' ? null : trimmed }).then(
      (settings) => {
        setPath(settings['model.path'] ?? '')
        setSavedPath(settings['model.path'] ?? '')
        setMessage({ ok: true, text: 'Saved.' })
      },
      (failure: unknown) => {
        setMessage({ ok: false, text: messageOf(failure) })
      },
    )
  }

  const control = (model: NonNullable<typeof models>[number]) => (
    <ModelDownloadControl
      model={model}
      currentPath={savedPath}
      onStart={catalog.start}
      onCancel={catalog.cancel}
      onUse={use}
    />
  )

  return (
    <div className="panel model-panel">
      {recommended !== undefined && (
        <section className="recommended-model" aria-labelledby={`${id}-recommended`}>
          <h3 id={`${id}-recommended`}>
            Recommended: {recommended.name}{' '}
            <span className="muted">({formatBytes(recommended.bytes)})</span>
          </h3>
          <p className="muted">{recommended.recommendation}</p>
          {control(recommended)}
        </section>
      )}
      {catalog.error !== null && (
        <p className="error-text" role="alert">
          {catalog.error}
        </p>
      )}
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
          <summary>All models</summary>
          <p className="muted">
            Downloads go through Earshot’s egress gate, are recorded in the audit log and are
            checked against the catalogue’s SHA-256 before use. In a terminal:{' '}
            <code>earshot model download NAME --use</code>.
          </p>
          <ul>
            {models.map((model) => (
              <li key={model.name}>
                <span className="model-name">{model.name}</span>
                <span className="muted">{formatBytes(model.bytes)}</span>
                {control(model)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

import { useEffect, useId, useState } from 'react'
import type { BackendCheck, BackendStatus } from '../../../shared/backendViews'
import { call, messageOf } from '../bridge/call'

const storageWords: Record<BackendStatus['tokenStorage'], string> = {
  keychain: 'Kept in your system keychain, never in Earshot’s files.',
  'basic-text':
    'Warning: this system has no keyring (such as GNOME Keyring or KWallet), so the token is stored with a fixed key that any program running as you can read.',
  memory:
    'Kept in memory until Earshot stops (set EARSHOT_BACKEND_TOKEN to keep it across restarts).',
}

type Result = { ok: true; check: BackendCheck } | { ok: false; message: string }

/**
 * The backend uploads go to: its URL (a setting), its token (never a setting: the keychain on the
 * desktop, memory in web mode) and a connection test through the egress gate.
 */
export function BackendPanel({ onSaved }: { onSaved?: () => void }) {
  const id = useId()
  const [status, setStatus] = useState<BackendStatus | null>(null)
  const [url, setUrl] = useState('')
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<Result | null>(null)

  useEffect(() => {
    call('backend.status', undefined).then(
      (loaded) => {
        setStatus(loaded)
        setUrl(loaded.url ?? '')
      },
      (failure: unknown) => {
        setResult({ ok: false, message: messageOf(failure) })
      },
    )
  }, [])

  /** Saves what was typed; returns false (with the reason shown) when something was refused. */
  const save = async (): Promise<boolean> => {
    try {
      const trimmed = url.trim()
      await call('settings.set', { key: 'backend.url', value: trimmed === '' ? null : trimmed })
      let next = await call('backend.status', undefined)
      if (token.trim() !== '') {
        next = await call('backend.setToken', { token: token.trim() })
        setToken('')
      }
      setStatus(next)
      onSaved?.()
      return true
    } catch (failure) {
      setResult({ ok: false, message: messageOf(failure) })
      return false
    }
  }

  const run = (work: () => Promise<void>) => {
    setBusy(true)
    setResult(null)
    void work().finally(() => {
      setBusy(false)
    })
  }

  const onSubmit = (event: { preventDefault: () => void }) => {
    event.preventDefault()
    run(async () => {
      if (await save()) setResult(null)
    })
  }

  const test = () => {
    run(async () => {
      if (!(await save())) return
      try {
        setResult({ ok: true, check: await call('backend.check', undefined) })
      } catch (failure) {
        setResult({ ok: false, message: messageOf(failure) })
      }
    })
  }

  const forget = () => {
    run(async () => {
      try {
        setStatus(await call('backend.setToken', { token: null }))
      } catch (failure) {
        setResult({ ok: false, message: messageOf(failure) })
      }
    })
  }

  return (
    <form className="panel backend-panel" onSubmit={onSubmit} aria-label="Backend">
      <div className="field">
        <label htmlFor={`${id}-url`}>Backend URL</label>
        <input
          id={`${id}-url`}
          type="text"
          inputMode="url"
          placeholder="https://transcripts.example.com/"
          value={url}
          aria-describedby={`${id}-url-help`}
          onChange={(event) => {
            setUrl(event.target.value)
          }}
        />
        <p id={`${id}-url-help`} className="muted field-help">
          Where reviewed transcripts go when you press Send: https, or http on this computer.
          Changing it or the token asks you to confirm outside this page: in a dialog, or in the
          terminal running <code>earshot web</code>.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-token`}>Access token</label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          placeholder={status?.tokenSet ? 'A token is set; type to replace it' : 'Not set'}
          value={token}
          aria-describedby={`${id}-token-help`}
          onChange={(event) => {
            setToken(event.target.value)
          }}
        />
        <p id={`${id}-token-help`} className="muted field-help">
          {status === null ? '' : storageWords[status.tokenStorage]}
        </p>
      </div>
      <div className="panel-actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" className="primary" disabled={busy} onClick={test}>
          Test connection
        </button>
        {status?.tokenSet === true && (
          <button type="button" className="quiet" disabled={busy} onClick={forget}>
            Forget token
          </button>
        )}
      </div>
      <p className="check-result" role="status" data-testid="backend-check">
        {busy && <span className="muted">Checking…</span>}
        {result?.ok === true && (
          <span className="saved">
            Connected: {result.check.url} answered in {result.check.latencyMs} ms (schema{' '}
            {result.check.schemaVersion}).
          </span>
        )}
        {result?.ok === false && <span className="error-text">{result.message}</span>}
      </p>
    </form>
  )
}

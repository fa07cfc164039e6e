import { useId, useState } from 'react'
import { DELETE_ALL_PHRASE } from '../../../shared/backendViews'
import { call, messageOf } from '../bridge/call'
import { ActionStatus, type ActionMessage } from './ActionStatus'

/** Deletes every recording's data here, after the person types the phrase (no stray click). */
export function DeleteAllPanel() {
  const id = useId()
  const [typed, setTyped] = useState('')
  const [message, setMessage] = useState<ActionMessage | null>(null)
  const matches = typed.trim().toLowerCase() === DELETE_ALL_PHRASE

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault()
    if (!matches) return
    call('data.deleteAll', { confirm: DELETE_ALL_PHRASE }).then(
      ({ deleted }) => {
        setTyped('')
        setMessage({
          ok: true,
          text: `Deleted ${deleted} recording${deleted === 1 ? '' : 's'} and all other data on this computer. The database key is replaced the next time Earshot starts.`,
        })
      },
      (failure: unknown) => {
        setMessage({ ok: false, text: messageOf(failure) })
      },
    )
  }

  return (
    <form className="panel danger-panel" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Delete all data</h2>
      <p className="muted">
        Removes from this computer every recording’s transcript, search index, derived data and
        upload record, the copies Earshot made of files you dropped in, your voice profile, your
        settings and the saved backend token: Earshot starts as if newly installed. Your original
        files stay where they are. Copies already uploaded stay on your backend (delete them with{' '}
        <code>earshot delete --all --remote</code>). The audit log stays, with what it recorded of
        each transcript erased: it is the record of what was sent, and of this deletion. At the next
        start the database key is replaced, so copies of the databases made before (backups, sync
        folders) can no longer be opened.
      </p>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>
          Type <strong>{DELETE_ALL_PHRASE}</strong> to confirm
        </label>
        <div className="field-row">
          <input
            id={`${id}-confirm`}
            type="text"
            autoComplete="off"
            value={typed}
            onChange={(event) => {
              setTyped(event.target.value)
              setMessage(null)
            }}
          />
          <button type="submit" className="danger" disabled={!matches}>
            Delete all data
          </button>
        </div>
      </div>
      <ActionStatus message={message} />
    </form>
  )
}

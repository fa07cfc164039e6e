import { useState } from 'react'
import type { RecordingView } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'
import { SearchResults } from '../search/SearchResults'
import { DropZone } from './DropZone'
import { PendingRow } from './PendingRow'
import { RecordingRow } from './RecordingRow'
import { useDebounced } from './useDebounced'
import { useImports } from './useImports'
import { useRecordings } from './useRecordings'

export function LibraryScreen() {
  const { recordings, error, refresh } = useRecordings()
  const { pending, add, dismiss } = useImports(refresh)
  const [query, setQuery] = useState('')
  const searched = useDebounced(query, 200)
  const [actionError, setActionError] = useState<string | null>(null)

  const act = (work: Promise<unknown>) => {
    work.then(
      () => {
        setActionError(null)
        refresh()
      },
      (failure: unknown) => {
        setActionError(messageOf(failure))
      },
    )
  }
  const onDelete = (recording: RecordingView) => {
    if (window.confirm(`Delete “${recording.title}” and its transcript from this device?`)) {
      act(call('recordings.delete', { id: recording.id }))
    }
  }

  return (
    <div className="screen">
      <header className="screen-header">
        <h1>Library</h1>
        <input
          type="search"
          className="search-box"
          placeholder="Search transcripts"
          aria-label="Search transcripts"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value)
          }}
        />
      </header>
      {searched.trim() !== '' ? (
        <SearchResults query={searched} />
      ) : (
        <>
          <DropZone onFiles={add} />
          {(error ?? actionError) !== null && (
            <p className="error-text" role="alert">
              {error ?? actionError}
            </p>
          )}
          <ul className="recordings" aria-label="Recordings">
            {pending.map((item) => (
              <PendingRow key={item.key} item={item} onDismiss={dismiss} />
            ))}
            {recordings?.map((recording) => (
              <RecordingRow
                key={recording.id}
                recording={recording}
                onCancel={(id) => {
                  act(call('recordings.cancel', { id }))
                }}
                onDelete={onDelete}
              />
            ))}
          </ul>
          {recordings?.length === 0 && pending.length === 0 && (
            <p className="muted empty">No recordings yet.</p>
          )}
        </>
      )}
    </div>
  )
}

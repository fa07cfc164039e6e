import { useState } from 'react'
import type { RecordingView } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'
import { SearchFilters } from '../search/SearchFilters'
import { SearchResults } from '../search/SearchResults'
import { hasFilters, noFilters, toSearchInput } from '../search/toSearchInput'
import { DropZone } from './DropZone'
import { PendingRow } from './PendingRow'
import { RecordingList } from './RecordingList'
import { useDebounced } from './useDebounced'
import { useImports } from './useImports'
import { useRecordings } from './useRecordings'

export function LibraryScreen() {
  const { recordings, error, refresh } = useRecordings()
  const { pending, add, dismiss } = useImports(refresh)
  const [query, setQuery] = useState('')
  const searched = useDebounced(query, 200)
  const [filters, setFilters] = useState(noFilters)
  const filterText = useDebounced(filters.speaker, 200)
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
      {query.trim() !== '' && (
        <SearchFilters
          value={filters}
          onChange={setFilters}
          onClear={() => {
            setQuery('')
            setFilters(noFilters)
          }}
        />
      )}
      {searched.trim() !== '' ? (
        <SearchResults
          input={toSearchInput(searched, { ...filters, speaker: filterText })}
          filtered={hasFilters(filters)}
        />
      ) : (
        <>
          <DropZone onFiles={add} />
          {(error ?? actionError) !== null && (
            <p className="error-text" role="alert">
              {error ?? actionError}
            </p>
          )}
          {pending.length > 0 && (
            <ul className="pending" aria-label="Files being added">
              {pending.map((item) => (
                <PendingRow key={item.key} item={item} onDismiss={dismiss} />
              ))}
            </ul>
          )}
          {recordings !== null && recordings.length > 0 && (
            <RecordingList
              recordings={recordings}
              onCancel={(id) => {
                act(call('recordings.cancel', { id }))
              }}
              onRetry={(id) => {
                act(call('recordings.retry', { id }))
              }}
              onDelete={onDelete}
            />
          )}
          {recordings?.length === 0 && pending.length === 0 && (
            <p className="muted empty">No recordings yet.</p>
          )}
        </>
      )}
    </div>
  )
}

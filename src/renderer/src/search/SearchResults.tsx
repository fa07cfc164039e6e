import type { SearchQuery } from '../../../shared/api'
import { formatClock } from '../format/formatClock'
import { recordingHref } from '../routing/parseRoute'
import { Highlighted } from './Highlighted'
import { useSearch } from './useSearch'

export function SearchResults({ input, filtered }: { input: SearchQuery; filtered: boolean }) {
  const { result, error } = useSearch(input)
  const query = input.q
  if (error !== null) return <p className="error-text">{error}</p>
  if (result === null) return <p className="muted">Searching…</p>
  if (result.hits.length === 0) {
    return (
      <p className="muted">
        No transcript mentions “{query}”{filtered ? ' with these filters' : ''}.
      </p>
    )
  }
  const recordings = new Set(result.hits.map((hit) => hit.recordingId)).size
  const lines = result.hits.length
  return (
    <>
      <p className="muted search-count" role="status" data-testid="search-count">
        {result.more
          ? `The first ${lines} of more matching lines`
          : `${lines} ${lines === 1 ? 'line' : 'lines'}`}
        {` in ${recordings} ${recordings === 1 ? 'recording' : 'recordings'}`}
        {result.ranked ? ', best matches first.' : '.'}
      </p>
      {!result.ranked && (
        <p className="muted search-note" role="status" data-testid="unranked-note">
          “{query}” is in too many lines to rank by relevance quickly, so the newest matches come
          first. Add a word or a filter to narrow it down.
        </p>
      )}
      <ol className="search-results" aria-label="Search results">
        {result.hits.map((hit) => (
          <li key={`${hit.recordingId}:${hit.segmentIdx}`}>
            <a href={recordingHref(hit.recordingId, { q: query, line: hit.segmentIdx })}>
              <span className="hit-title">{hit.title}</span>
              <span className="timestamp">{formatClock(hit.startMs)}</span>
              <span className="hit-text">
                <Highlighted text={hit.text} query={query} />
              </span>
            </a>
          </li>
        ))}
      </ol>
    </>
  )
}

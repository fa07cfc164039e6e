import { formatClock } from '../format/formatClock'
import { recordingHref } from '../routing/parseRoute'
import { Highlighted } from './Highlighted'
import { useSearch } from './useSearch'

export function SearchResults({ query }: { query: string }) {
  const { hits, error } = useSearch(query)
  if (error !== null) return <p className="error-text">{error}</p>
  if (hits === null) return <p className="muted">Searching…</p>
  if (hits.length === 0) return <p className="muted">No transcript mentions “{query}”.</p>
  return (
    <ol className="search-results" aria-label="Search results">
      {hits.map((hit) => (
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
  )
}

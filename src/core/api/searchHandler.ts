import type { Input, Output } from '../../shared/api'
import type { Core } from '../app'
import type { SearchFilters } from '../store/RecordingStore'
import { toFtsQuery } from '../store/toFtsQuery'

const SEARCH_LIMIT = 50

/**
 * `recordings.search`: FTS5 over every transcript with the Library's filters. Hits carry the whole
 * segment text (the UI marks the query's words itself) rather than the store's bracketed snippet.
 */
export function searchTranscripts(
  core: Core,
  { q, from, to, speaker, tracker }: Input<'recordings.search'>,
): Output<'recordings.search'> {
  const query = toFtsQuery(q)
  if (query === null) return { hits: [], ranked: true, more: false }
  const filters: SearchFilters = {
    ...(from !== undefined && { from }),
    ...(to !== undefined && { to }),
    ...(speaker !== undefined && { speaker }),
    ...(tracker !== undefined && { tracker }),
  }
  // One more than is shown, to know whether there are more than the page holds.
  const page = core.recordings.searchPage(query, { ...filters, limit: SEARCH_LIMIT + 1 })
  const texts = new Map<string, string[]>()
  const textOf = (recordingId: string, idx: number): string => {
    let lines = texts.get(recordingId)
    if (!lines) {
      lines = core.recordings.segments(recordingId).map((s) => s.text)
      texts.set(recordingId, lines)
    }
    return lines[idx] ?? ''
  }
  return {
    ranked: page.ranked,
    more: page.hits.length > SEARCH_LIMIT,
    hits: page.hits.slice(0, SEARCH_LIMIT).map((hit) => ({
      recordingId: hit.recordingId,
      title: hit.title,
      segmentIdx: hit.segmentIdx,
      startMs: hit.startMs,
      endMs: hit.endMs,
      text: textOf(hit.recordingId, hit.segmentIdx),
      speaker: hit.speaker,
    })),
  }
}

import { useEffect, useState } from 'react'
import type { SearchQuery, SearchResult } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'

export interface SearchState {
  result: SearchResult | null
  error: string | null
}

/** Full-text search across transcripts; a newer query's answer always wins over a slower old one. */
export function useSearch(input: SearchQuery): SearchState {
  const [state, setState] = useState<SearchState>({ result: null, error: null })
  // One string key, so a new object with the same query and filters does not search again.
  const key = JSON.stringify(input)
  useEffect(() => {
    const query = JSON.parse(key) as SearchQuery
    if (query.q.trim() === '') return
    let current = true
    call('recordings.search', query).then(
      (result) => {
        if (current) setState({ result, error: null })
      },
      (error: unknown) => {
        if (current) setState({ result: null, error: messageOf(error) })
      },
    )
    return () => {
      current = false
    }
  }, [key])
  return input.q.trim() === '' ? { result: null, error: null } : state
}

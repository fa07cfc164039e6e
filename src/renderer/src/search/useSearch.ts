import { useEffect, useState } from 'react'
import type { SearchHit } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'

export interface SearchState {
  hits: SearchHit[] | null
  error: string | null
}

/** Full-text search across transcripts; a newer query's answer always wins over a slower old one. */
export function useSearch(query: string): SearchState {
  const [state, setState] = useState<SearchState>({ hits: null, error: null })
  useEffect(() => {
    if (query.trim() === '') return
    let current = true
    call('recordings.search', { q: query }).then(
      (hits) => {
        if (current) setState({ hits, error: null })
      },
      (error: unknown) => {
        if (current) setState({ hits: null, error: messageOf(error) })
      },
    )
    return () => {
      current = false
    }
  }, [query])
  return query.trim() === '' ? { hits: null, error: null } : state
}

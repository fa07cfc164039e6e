import { useCallback, useEffect, useState } from 'react'
import type { Input } from '../../../shared/api'
import type { AuditEntryView } from '../../../shared/auditViews'
import { call, messageOf } from '../bridge/call'

export type AuditFilter = Pick<Input<'audit.list'>, 'purpose' | 'kind'>

const PAGE = 200

/** The audit log a page at a time, oldest first (the chain's order), under a filter. */
export function useAuditPages(filter: AuditFilter): {
  entries: AuditEntryView[] | null
  hasMore: boolean
  error: string | null
  loadMore: () => void
  reload: () => void
} {
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null)
  const [next, setNext] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { purpose, kind } = filter

  const load = useCallback(
    (afterSeq: number | undefined) => {
      call('audit.list', {
        limit: PAGE,
        ...(afterSeq !== undefined && { afterSeq }),
        ...(purpose !== undefined && { purpose }),
        ...(kind !== undefined && { kind }),
      }).then(
        (page) => {
          setEntries((shown) =>
            afterSeq === undefined ? page.entries : [...(shown ?? []), ...page.entries],
          )
          setNext(page.nextAfterSeq)
          setError(null)
        },
        (failure: unknown) => {
          setError(messageOf(failure))
        },
      )
    },
    [purpose, kind],
  )

  const reload = useCallback(() => {
    load(undefined)
  }, [load])
  useEffect(reload, [reload])

  return {
    entries,
    hasMore: next !== null,
    error,
    loadMore: () => {
      if (next !== null) load(next)
    },
    reload,
  }
}

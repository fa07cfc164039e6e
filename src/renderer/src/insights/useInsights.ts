import { useEffect, useState } from 'react'
import type { DateRangeQuery, InsightsView } from '../../../shared/derivedViews'
import { call, messageOf } from '../bridge/call'

export interface InsightsState {
  insights: InsightsView | null
  error: string | null
}

/** Signals across recordings for a date range; a newer range's answer wins over an older one. */
export function useInsights(range: DateRangeQuery): InsightsState {
  const [state, setState] = useState<InsightsState>({ insights: null, error: null })
  const key = JSON.stringify(range)
  useEffect(() => {
    let current = true
    call('insights.get', JSON.parse(key) as DateRangeQuery).then(
      (insights) => {
        if (current) setState({ insights, error: null })
      },
      (error: unknown) => {
        if (current) setState({ insights: null, error: messageOf(error) })
      },
    )
    return () => {
      current = false
    }
  }, [key])
  return state
}

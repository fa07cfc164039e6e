import type { SearchQuery } from '../../../shared/api'
import type { DateRangeQuery } from '../../../shared/derivedViews'

/** The Library's search filters as typed: dates are `YYYY-MM-DD` from date inputs, '' when unset. */
export interface SearchFilterDraft {
  from: string
  to: string
  speaker: string
  tracker: string
}

export const noFilters: SearchFilterDraft = { from: '', to: '', speaker: '', tracker: '' }

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The `recordings.search` input for a query and filters. Days are UTC, and "to" includes its day
 * (the contract's `to` is exclusive), as the CLI's `--to` does.
 */
export function toSearchInput(q: string, draft: SearchFilterDraft): SearchQuery {
  const speaker = draft.speaker.trim()
  return {
    q,
    ...toDateRange(draft.from, draft.to),
    ...(speaker !== '' && { speaker }),
    ...(draft.tracker !== '' && { tracker: draft.tracker }),
  }
}

/** Date inputs' days (`YYYY-MM-DD`, '' when unset) as an API date range: UTC, `to` day included. */
export function toDateRange(fromDay: string, toDay: string): DateRangeQuery {
  return {
    ...(DAY.test(fromDay) && { from: `${fromDay}T00:00:00.000Z` }),
    ...(DAY.test(toDay) && { to: nextDay(toDay) }),
  }
}

export function hasFilters(draft: SearchFilterDraft): boolean {
  return Object.keys(toSearchInput('', draft)).length > 1
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`)
  date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString()
}

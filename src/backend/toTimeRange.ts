import type { TimeRange } from './store/TeamStore'

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * `from`/`to` as the team view takes them (src/shared/team.ts) turned into instants for
 * `from ≤ createdAt < to`: a day `from` starts at its 00:00 UTC, a day `to` includes the whole day.
 */
export function toTimeRange(from: string | undefined, to: string | undefined): TimeRange {
  const range: TimeRange = {}
  if (from !== undefined)
    range.from = new Date(DAY.test(from) ? `${from}T00:00:00Z` : from).toISOString()
  if (to !== undefined) {
    const end = new Date(DAY.test(to) ? `${to}T00:00:00Z` : to)
    if (DAY.test(to)) end.setUTCDate(end.getUTCDate() + 1)
    range.to = end.toISOString()
  }
  return range
}

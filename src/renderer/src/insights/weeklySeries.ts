import type { InsightsView } from '../../../shared/derivedViews'

export interface WeeklySeries {
  /** Tracker ids with hits, most hits first (the stacking and legend order). */
  trackers: string[]
  /** One row per ISO week from the first to the last with hits, empty weeks included. */
  rows: ({ week: string } & Record<string, number | string>)[]
}

/** At most this many weeks are drawn (about five years); older ones are dropped from the chart. */
export const MAX_WEEKS = 260

/**
 * Weekly counts as chart rows: every week in the span gets a row, so a quiet week shows as a gap
 * rather than the bars of its neighbours closing up, and each tracker is a column (0 when absent).
 */
export function weeklySeries(weekly: InsightsView['weekly']): WeeklySeries {
  const totals = new Map<string, number>()
  const counts = new Map<string, Map<string, number>>()
  for (const { week, tracker, count } of weekly) {
    totals.set(tracker, (totals.get(tracker) ?? 0) + count)
    const row = counts.get(week) ?? new Map<string, number>()
    row.set(tracker, (row.get(tracker) ?? 0) + count)
    counts.set(week, row)
  }
  const trackers = [...totals]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([tracker]) => tracker)
  const weeks = [...counts.keys()].sort()
  const first = weeks[0]
  const last = weeks[weeks.length - 1]
  if (first === undefined || last === undefined) return { trackers, rows: [] }
  const rows = isoWeeksBetween(first, last)
    .slice(-MAX_WEEKS)
    .map((week) => {
      const row: { week: string } & Record<string, number | string> = { week }
      for (const tracker of trackers) row[tracker] = counts.get(week)?.get(tracker) ?? 0
      return row
    })
  return { trackers, rows }
}

/** Every ISO week label ('2026-W07') from `first` to `last`, both included. */
export function isoWeeksBetween(first: string, last: string): string[] {
  const start = mondayOf(first)
  const end = mondayOf(last)
  if (start === null || end === null || start > end) return []
  const weeks: string[] = []
  for (let day = start; day <= end; day = new Date(day.getTime() + 7 * 86_400_000)) {
    weeks.push(isoWeekOf(day))
  }
  return weeks
}

function mondayOf(label: string): Date | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(label)
  if (!match) return null
  const year = Number(match[1])
  const week = Number(match[2])
  // ISO 8601: week 1 is the week with the year's first Thursday, i.e. the one holding 4 January.
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000
  return new Date(mondayOfWeek1 + (week - 1) * 7 * 86_400_000)
}

function isoWeekOf(day: Date): string {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * 86_400_000)
  const year = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

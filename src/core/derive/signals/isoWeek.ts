/**
 * The ISO 8601 week of an instant, in UTC, as `YYYY-Www`. Weeks start on Monday and week 1 holds
 * the year's first Thursday, so 2021-01-03 is `2020-W53` and 2024-12-30 is `2025-W01`.
 */
export function isoWeek(instant: Date): string {
  const day = new Date(
    Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()),
  )
  const weekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay()
  // The Thursday of this week decides the week-numbering year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday)
  const year = day.getUTCFullYear()
  const week = Math.floor((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`
}

import { z } from 'zod'
import { UsageError } from './errors'

const DateArg = z.union([z.iso.date(), z.iso.datetime({ offset: true })])

/**
 * A --from/--to value as an ISO instant. A bare day is midnight UTC plus `addDays`, so
 * `--to 2025-03-01` (addDays 1) includes that day.
 */
export function dateFlag(flag: string, value: string, addDays: number): string {
  if (!DateArg.safeParse(value).success) {
    throw new UsageError(`${flag} takes a date (2025-03-01) or an ISO time (2025-03-01T09:00Z)`)
  }
  const date = new Date(value)
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) date.setUTCDate(date.getUTCDate() + addDays)
  return date.toISOString()
}

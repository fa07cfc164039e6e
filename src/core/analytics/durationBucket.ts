import type { z } from 'zod'
import type { DurationBucket } from '../../shared/analytics'

const minute = 60_000

/** A recording's length as a coarse bucket: the exact length could help single out a call. */
export function durationBucket(ms: number): z.infer<typeof DurationBucket> {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError('A duration must be a finite, non-negative number of ms.')
  if (ms < minute) return '<1m'
  if (ms < 5 * minute) return '1-5m'
  if (ms < 15 * minute) return '5-15m'
  if (ms < 30 * minute) return '15-30m'
  if (ms < 60 * minute) return '30-60m'
  return '>60m'
}

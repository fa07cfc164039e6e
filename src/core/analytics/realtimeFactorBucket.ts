import type { z } from 'zod'
import type { RealtimeFactorBucket } from '../../shared/analytics'

/** Transcription speed as audio seconds per wall-clock second, bucketed (2.5 → '2-5x'). */
export function realtimeFactorBucket(factor: number): z.infer<typeof RealtimeFactorBucket> {
  if (!Number.isFinite(factor) || factor < 0)
    throw new RangeError('A realtime factor must be a finite, non-negative number.')
  if (factor < 1) return '<1x'
  if (factor < 2) return '1-2x'
  if (factor < 5) return '2-5x'
  if (factor < 10) return '5-10x'
  return '>10x'
}

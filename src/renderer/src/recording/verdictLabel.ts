import type { QualityVerdict } from '../../../shared/quality'

/** The verdict as the user reads it. */
export const verdictLabel: Record<QualityVerdict, string> = {
  good: 'Good audio',
  'check-transcript': 'Check the transcript',
  'poor-audio': 'Poor audio',
}

import { z } from 'zod'

/** A recording's life on this device. */
export const RecordingStatus = z.enum([
  'queued',
  'decoding',
  'transcribing',
  'done',
  'failed',
  'cancelled',
])
export type RecordingStatus = z.infer<typeof RecordingStatus>

export const Segment = z.object({
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  text: z.string(),
  speaker: z.string().optional(),
  confidence: z.number().min(0).max(1).optional(),
})
export type Segment = z.infer<typeof Segment>

export const RecordingSummary = z.object({
  id: z.string(),
  title: z.string(),
  status: RecordingStatus,
  durationMs: z.number().int().nonnegative().nullable(),
  container: z.string().nullable(),
  importedAt: z.string(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type RecordingSummary = z.infer<typeof RecordingSummary>

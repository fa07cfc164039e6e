import { z } from 'zod'

/**
 * The analytics contract (DESIGN.md §5): a fixed list of events whose properties are enum members
 * only, so no file name, path, transcript text or signal can ride along. The egress gate and the
 * analytics module both parse against it. Adding an event or a value is a change here, reviewed.
 */

export const DurationBucket = z.enum(['<1m', '1-5m', '5-15m', '15-30m', '30-60m', '>60m'])
export const MediaFormat = z.enum(['mp4', 'mov', 'mkv', 'webm', 'm4a', 'mp3', 'wav', 'other'])
export const RealtimeFactorBucket = z.enum(['<1x', '1-2x', '2-5x', '5-10x', '>10x'])
export const ModelSize = z.enum(['tiny', 'base', 'small', 'medium', 'large', 'other'])
export const FailureCode = z.enum([
  'network-error',
  'timeout',
  'http-error',
  'blocked',
  'invalid',
  'other',
])

/**
 * The stable codes of an import or transcription that failed (MediaError, TranscribeError and the
 * job runner's own); any other code is sent as `other`. Codes name a kind of failure, never a file.
 */
export const ErrorCode = z.enum([
  'not-found',
  'is-directory',
  'empty-file',
  'permission-denied',
  'unreadable',
  'not-media',
  'corrupt-media',
  'no-audio-stream',
  'unsupported-codec',
  'ffmpeg-not-found',
  'ffmpeg-failed',
  'too-large-for-wasm',
  'model-not-found',
  'model-invalid',
  'engine-crashed',
  'engine-timeout',
  'engine-failed',
  'interrupted',
  'other',
])

export const analyticsEventProperties = {
  app_opened: z.strictObject({}),
  import_finished: z.strictObject({ durationBucket: DurationBucket, format: MediaFormat }),
  transcription_speed: z.strictObject({
    realtimeFactorBucket: RealtimeFactorBucket,
    model: ModelSize,
  }),
  upload_succeeded: z.strictObject({}),
  upload_failed: z.strictObject({ code: FailureCode }),
  error: z.strictObject({ code: ErrorCode }),
} as const

const wireEvent = <N extends keyof typeof analyticsEventProperties>(name: N) =>
  z.strictObject({
    event_type: z.literal(name),
    event_properties: analyticsEventProperties[name],
    device_id: z.uuid(),
    time: z.number().int().nonnegative(),
    insert_id: z.uuid(),
    app_version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]{1,20})?$/),
  })

export const AnalyticsEvent = z.discriminatedUnion('event_type', [
  wireEvent('app_opened'),
  wireEvent('import_finished'),
  wireEvent('transcription_speed'),
  wireEvent('upload_succeeded'),
  wireEvent('upload_failed'),
  wireEvent('error'),
])

export const AnalyticsBatch = z.strictObject({
  api_key: z.string().regex(/^[0-9a-f]{32}$/),
  events: z.array(AnalyticsEvent).min(1).max(200),
  client_upload_time: z.iso.datetime().optional(),
})
export type AnalyticsBatch = z.infer<typeof AnalyticsBatch>

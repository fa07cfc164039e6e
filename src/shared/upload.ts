import { z } from 'zod'

/**
 * The upload contract (DESIGN.md §4): what a backend receives for one recording. Versioned; a new
 * field is added in a new schema version, never by changing the meaning of an old one.
 * Only derived text and metadata: no audio, no file name or path unless the user opts in (`title`).
 */
export const UPLOAD_SCHEMA_VERSION = 1

const text = (max: number) => z.string().max(max)

export const UploadSegment = z
  .object({
    startMs: z.number().int().nonnegative(),
    endMs: z.number().int().nonnegative(),
    speaker: text(80).optional(),
    text: text(4000),
    confidence: z.number().min(0).max(1).optional(),
  })
  .strict()
  .refine((s) => s.endMs >= s.startMs, { message: 'endMs must not be before startMs' })

export const UploadSignal = z
  .object({
    tracker: text(80),
    phrase: text(200),
    quote: text(1000),
    speaker: text(80).optional(),
    startMs: z.number().int().nonnegative(),
    segmentIdx: z.number().int().nonnegative(),
  })
  .strict()

export const UploadMetrics = z
  .object({
    talkRatio: z.record(text(80), z.number().min(0).max(1)),
    longestMonologueMs: z.number().int().nonnegative(),
    wordsPerMinute: z.number().nonnegative(),
    questions: z.record(text(80), z.number().int().nonnegative()),
    silenceShare: z.number().min(0).max(1),
    interruptions: z.number().int().nonnegative(),
  })
  .strict()

export const TranscriptUpload = z
  .object({
    schemaVersion: z.literal(UPLOAD_SCHEMA_VERSION),
    /** Earshot's random id for the recording (a UUID), never derived from the file. */
    recordingId: z.uuid(),
    /** Only present when the user allowed sending recording titles. */
    title: text(200).optional(),
    durationMs: z.number().int().nonnegative(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .nullable(),
    createdAt: z.iso.datetime(),
    segments: z.array(UploadSegment).max(50_000),
    summary: text(20_000).nullable(),
    signals: z.array(UploadSignal).max(10_000),
    metrics: UploadMetrics.nullable(),
    client: z.object({ appVersion: text(40), installId: z.uuid() }).strict(),
  })
  .strict()
export type TranscriptUpload = z.infer<typeof TranscriptUpload>

/** The backend's answer to an upload: kept locally as proof of what was received. */
export const UploadReceipt = z
  .object({
    id: z.uuid(),
    receivedAt: z.iso.datetime(),
    payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict()
export type UploadReceipt = z.infer<typeof UploadReceipt>

export const DeletionReceipt = z.object({ id: z.uuid(), deletedAt: z.iso.datetime() }).strict()
export type DeletionReceipt = z.infer<typeof DeletionReceipt>

export const HealthResponse = z.object({ ok: z.literal(true), schemaVersion: z.number().int() })

export const BackendError = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

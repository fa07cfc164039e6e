import { z } from 'zod'

/**
 * The upload contract (DESIGN.md §4): what a backend receives for one recording. Versioned; a new
 * field is added in a new schema version, never by changing the meaning of an old one.
 * Only derived text and metadata: no audio, no file name or path unless the user opts in (`title`).
 */
export const UPLOAD_SCHEMA_VERSION = 1

const text = (max: number) => z.string().max(max)

/** An email address as a CRM holds one: what `contactEmail` may be. */
export const UploadContactEmail = z.email().max(254)

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

/**
 * The call-quality figures an upload carries (issue 14): numbers only, on coarse grids, so the
 * gate can charge each for its few choices (measureUpload). Never the verdict's sentences, never
 * audio. One home for the grids: the builder rounds to them, the schema and the gate hold them.
 */
export const UPLOAD_QUALITY_GRID = Object.freeze({
  /** Shares (speech, overlap) and confidence: whole percent. */
  shareDecimals: 2,
  /** Clipping: tenths of a percent (the verdict's threshold is 0.1 %). */
  clippingDecimals: 3,
  /** Loudness in whole dBFS, from −100 to 0. */
  minLoudnessDbfs: -100,
  /** SNR in whole dB, from −30 to 60. */
  minSnrDb: -30,
  maxSnrDb: 60,
})

// multipleOf, not a refinement, so docs/openapi.json states the grid too (zod compares decimals
// safely: 0.58 is a multiple of 0.01).
const share = (decimals: number) =>
  z
    .number()
    .min(0)
    .max(1)
    .multipleOf(10 ** -decimals)
const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max)

export const UploadQuality = z
  .object({
    speechShare: share(UPLOAD_QUALITY_GRID.shareDecimals),
    loudnessDbfs: wholeNumber(UPLOAD_QUALITY_GRID.minLoudnessDbfs, 0).nullable(),
    clippingShare: share(UPLOAD_QUALITY_GRID.clippingDecimals),
    snrDb: wholeNumber(UPLOAD_QUALITY_GRID.minSnrDb, UPLOAD_QUALITY_GRID.maxSnrDb).nullable(),
    overlapShare: share(UPLOAD_QUALITY_GRID.shareDecimals),
    meanConfidence: share(UPLOAD_QUALITY_GRID.shareDecimals).nullable(),
  })
  .strict()
export type UploadQuality = z.infer<typeof UploadQuality>

export const TranscriptUpload = z
  .object({
    schemaVersion: z.literal(UPLOAD_SCHEMA_VERSION),
    /** Earshot's random id for the recording (a UUID), never derived from the file. */
    recordingId: z.uuid(),
    /** Only present when the user allowed sending recording titles. */
    title: text(200).optional(),
    /**
     * The CRM contact the call was with, as the user set it for this recording (`earshot contact`,
     * `recordings.setContact`): the team server's HubSpot destination notes the call on them. Only
     * present when set; charged by the capacity bound like any free choice.
     */
    contactEmail: UploadContactEmail.optional(),
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
    /** Additive (issue 14): absent when the recording's call quality was never measured. */
    quality: UploadQuality.optional(),
    client: z.object({ appVersion: text(40), installId: z.uuid() }).strict(),
  })
  .strict()
export type TranscriptUpload = z.infer<typeof TranscriptUpload>

/**
 * An audit log head a backend saw (docs/handoff/h6.md, "witnessed heads"): the seq and hash of the
 * `attempt` entry the client's gate wrote for the request, sent as `Earshot-Audit-Head: seq.hash`.
 */
export const WitnessedHead = z
  .object({
    seq: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict()
export type WitnessedHead = z.infer<typeof WitnessedHead>

/** The backend's answer to an upload: kept locally as proof of what was received. */
export const UploadReceipt = z
  .object({
    id: z.uuid(),
    receivedAt: z.iso.datetime(),
    payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** The head this request carried, as the backend recorded it; absent from older backends. */
    witnessedHead: WitnessedHead.optional(),
  })
  .strict()
export type UploadReceipt = z.infer<typeof UploadReceipt>

export const DeletionReceipt = z
  .object({
    id: z.uuid(),
    deletedAt: z.iso.datetime(),
    /** As in UploadReceipt. */
    witnessedHead: WitnessedHead.optional(),
  })
  .strict()
export type DeletionReceipt = z.infer<typeof DeletionReceipt>

/**
 * `GET /v1/audit-heads/{installId}` (and `…/{installId}/after/{seq}` for the next page): every
 * head the backend has seen from this installation under the presented token, in seq order. One
 * seq may appear twice, with different hashes, when the client's log was rewritten between two
 * requests: the backend keeps both. Paged because the gate reads at most 1 MiB of an answer.
 */
/** Heads per page of `GET /v1/audit-heads`: about 130 bytes each, well under the gate's 1 MiB. */
export const AUDIT_HEADS_PAGE = 4000

export const AuditHeadsResponse = z
  .object({
    installId: z.uuid(),
    heads: z
      .array(
        z
          .object({
            seq: z.number().int().positive(),
            hash: z.string().regex(/^[0-9a-f]{64}$/),
            witnessedAt: z.iso.datetime(),
          })
          .strict(),
      )
      .max(AUDIT_HEADS_PAGE),
    /** Pass to `…/after/{seq}` for the next page; null when this was the last. */
    nextAfterSeq: z.number().int().positive().nullable(),
  })
  .strict()
export type AuditHeadsResponse = z.infer<typeof AuditHeadsResponse>

export const HealthResponse = z.object({ ok: z.literal(true), schemaVersion: z.number().int() })

export const BackendError = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

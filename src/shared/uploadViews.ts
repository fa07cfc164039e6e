import { z } from 'zod'
import { RedactionView } from './derivedViews'
import { UploadReceipt } from './upload'

const ErrorInfo = z.object({ code: z.string(), message: z.string() })

/** Where a recording's upload stands; `not-sent` when it was never queued. */
export const UploadStateView = z.enum(['not-sent', 'queued', 'sending', 'done', 'failed'])
export type UploadStateView = z.infer<typeof UploadStateView>

/** One finished recording on the Review & Upload screen, with its latest upload. */
export const UploadStatusView = z.object({
  recordingId: z.string(),
  title: z.string(),
  durationMs: z.number().int().nonnegative().nullable(),
  importedAt: z.string(),
  state: UploadStateView,
  attempts: z.number().int().nonnegative(),
  /** SHA-256 of the bytes that upload carries (or carried). */
  payloadSha256: z.string().nullable(),
  receipt: UploadReceipt.nullable(),
  /** The last failure, with the server's reason when it gave one; kept while a retry is due. */
  error: ErrorInfo.nullable(),
})
export type UploadStatusView = z.infer<typeof UploadStatusView>

/**
 * Exactly what `uploads.send` would send for one recording now: `body` is the request body's
 * bytes as UTF-8 text (JSON, so always valid UTF-8), byte for byte. `upload` is the queue row
 * already holding these exact bytes, if any (a re-send reuses its idempotency key).
 */
export const UploadPreview = z.object({
  recordingId: z.string(),
  bytes: z.number().int().nonnegative(),
  payloadSha256: z.string(),
  body: z.string(),
  upload: UploadStatusView.nullable(),
  /** The redactions in `body` (applied) and those the user let through (reverted). */
  redactions: z.array(RedactionView),
})
export type UploadPreview = z.infer<typeof UploadPreview>

/** How one send ended (`sync.upload`): done with the receipt, or failed with the reason. */
export const UploadOutcomeView = z.object({
  recordingId: z.string(),
  state: UploadStateView,
  receipt: UploadReceipt.nullable(),
  error: ErrorInfo.nullable(),
})
export type UploadOutcomeView = z.infer<typeof UploadOutcomeView>

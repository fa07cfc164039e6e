import type { RecordingRow, StoredSegment } from '../store/RecordingStore'
import {
  TranscriptUpload,
  UPLOAD_SCHEMA_VERSION,
  type UploadMetrics,
  type UploadSignal,
} from '../../shared/upload'
import type { z } from 'zod'

export interface BuildUploadOptions {
  installId: string
  appVersion: string
  /** The user's `upload.includeTitles`: titles are usually file names, so they stay local by default. */
  includeTitle: boolean
}

/** The derived parts of an upload, already redacted and under the user's speaker names. */
export interface UploadDerived {
  summary: string | null
  signals: readonly z.infer<typeof UploadSignal>[]
  metrics: z.infer<typeof UploadMetrics> | null
}

const NOT_DERIVED: UploadDerived = { summary: null, signals: [], metrics: null }

/**
 * The payload for one recording (DESIGN.md §4). Deterministic: the same recording and transcript
 * always give the same object, so a re-upload of unchanged text is recognised as the same payload
 * and reuses its idempotency key. `segments` and `derived` go in as given: redaction and speaker
 * names are applied before (composeUploadContent).
 */
export function buildUpload(
  recording: RecordingRow,
  segments: readonly StoredSegment[],
  options: BuildUploadOptions,
  derived: UploadDerived = NOT_DERIVED,
): TranscriptUpload {
  const upload: TranscriptUpload = {
    schemaVersion: UPLOAD_SCHEMA_VERSION,
    recordingId: recording.id,
    ...(options.includeTitle && { title: recording.title.slice(0, 200) }),
    durationMs: Math.max(0, Math.round(recording.durationMs ?? lastEnd(segments))),
    language:
      recording.language !== null && /^[a-z]{2,3}$/.test(recording.language)
        ? recording.language
        : null,
    createdAt: new Date(recording.importedAt).toISOString(),
    segments: segments.map((segment) => ({
      startMs: segment.startMs,
      endMs: Math.max(segment.startMs, segment.endMs),
      ...(segment.speaker !== null && { speaker: segment.speaker }),
      text: segment.text,
      ...(segment.confidence !== null && { confidence: segment.confidence }),
    })),
    summary: derived.summary,
    signals: [...derived.signals],
    metrics: derived.metrics,
    client: { appVersion: options.appVersion, installId: options.installId },
  }
  // The contract is checked here too, so a bad payload is a local error, not a 422 from afar.
  return TranscriptUpload.parse(upload)
}

function lastEnd(segments: readonly StoredSegment[]): number {
  return segments.reduce((end, segment) => Math.max(end, segment.endMs), 0)
}

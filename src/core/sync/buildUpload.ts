import type { RecordingRow, StoredSegment } from '../store/RecordingStore'
import type { CallQuality } from '../../shared/quality'
import {
  type TranscriptUpload,
  UPLOAD_QUALITY_GRID,
  UPLOAD_SCHEMA_VERSION,
  type UploadMetrics,
  type UploadQuality,
  type UploadSignal,
} from '../../shared/upload'
import type { z } from 'zod'
import { UPLOAD_BUDGET } from '../egress/capacity/uploadBudget'

export interface BuildUploadOptions {
  installId: string
  appVersion: string
  /** The user's `upload.includeTitles`: titles are usually file names, so they stay local by default. */
  includeTitle: boolean
  /** The recording's CRM contact as the user set it (RecordingContactStore), if any. */
  contactEmail?: string
}

/** The derived parts of an upload, already redacted and under the user's speaker names. */
export interface UploadDerived {
  summary: string | null
  signals: readonly z.infer<typeof UploadSignal>[]
  metrics: z.infer<typeof UploadMetrics> | null
  /** The call-quality report measured at import; absent or null: not measured, none is sent. */
  quality?: CallQuality | null
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
  const durationMs = Math.max(0, Math.round(recording.durationMs ?? lastEnd(segments)))
  // The capacity budget's grids (issue 10): times in whole steps inside the recording, confidences
  // rounded. Whisper's own times are already 10 ms steps; this only settles odd stored values.
  const step = UPLOAD_BUDGET.timeGridMs
  const lastStep = Math.floor(durationMs / step) * step
  const onGrid = (ms: number) => Math.min(lastStep, Math.max(0, Math.round(ms / step) * step))
  const scale = 10 ** UPLOAD_BUDGET.confidenceDecimals
  // Starts never go back (the gate refuses that): a model's rare backwards step is held level.
  let previousStart = 0
  const uploadSegments = segments.map((segment) => {
    const startMs = Math.max(previousStart, onGrid(segment.startMs))
    previousStart = startMs
    return {
      startMs,
      endMs: Math.max(startMs, onGrid(segment.endMs)),
      ...(segment.speaker !== null && { speaker: segment.speaker }),
      text: segment.text,
      ...(segment.confidence !== null && {
        confidence: Math.round(segment.confidence * scale) / scale,
      }),
    }
  })
  const upload: TranscriptUpload = {
    schemaVersion: UPLOAD_SCHEMA_VERSION,
    recordingId: recording.id,
    ...(options.includeTitle && { title: recording.title.slice(0, 200) }),
    ...(options.contactEmail !== undefined && { contactEmail: options.contactEmail }),
    durationMs,
    language:
      recording.language !== null && /^[a-z]{2,3}$/.test(recording.language)
        ? recording.language
        : null,
    createdAt: new Date(recording.importedAt).toISOString(),
    segments: uploadSegments,
    summary: derived.summary,
    // A signal starts where its segment does, on the same grid.
    signals: derived.signals.map((signal) => ({
      ...signal,
      startMs: uploadSegments[signal.segmentIdx]?.startMs ?? onGrid(signal.startMs),
    })),
    metrics: derived.metrics,
    ...(derived.quality != null && { quality: coarseQuality(derived.quality) }),
    client: { appVersion: options.appVersion, installId: options.installId },
  }
  // Not parsed here: the egress gate checks the schema, so a payload that breaks it is refused
  // there in one sentence and on the audit log (issue 10, finding 4), not thrown as a zod dump.
  return upload
}

/** The report's figures on the upload's grids (UPLOAD_QUALITY_GRID): numbers only, no verdict. */
function coarseQuality(quality: CallQuality): UploadQuality {
  const grid = UPLOAD_QUALITY_GRID
  const share = (value: number, decimals: number) =>
    Math.min(1, Math.max(0, Number(value.toFixed(decimals))))
  const whole = (value: number, min: number, max: number) =>
    Math.min(max, Math.max(min, Math.round(value)))
  return {
    speechShare: share(quality.speechShare, grid.shareDecimals),
    loudnessDbfs:
      quality.loudnessDbfs === null ? null : whole(quality.loudnessDbfs, grid.minLoudnessDbfs, 0),
    clippingShare: share(quality.clippingShare, grid.clippingDecimals),
    snrDb: quality.snrDb === null ? null : whole(quality.snrDb, grid.minSnrDb, grid.maxSnrDb),
    overlapShare: share(quality.overlapShare, grid.shareDecimals),
    meanConfidence:
      quality.meanConfidence === null ? null : share(quality.meanConfidence, grid.shareDecimals),
  }
}

function lastEnd(segments: readonly StoredSegment[]): number {
  return segments.reduce((end, segment) => Math.max(end, segment.endMs), 0)
}

import type { TrackerDefinition } from '../../shared/signals'
import { deriveRecording } from '../derive/deriveRecording'
import type { CallMetrics } from '../derive/metrics/computeMetrics'
import { applyRedactions } from '../derive/redact/applyRedactions'
import { createPiiFinder, type PiiOptions } from '../derive/redact/findPii'
import type { PiiMatch } from '../derive/redact/PiiMatch'
import { personNames } from '../derive/redact/personNames'
import { planRedactions } from '../derive/redact/planRedactions'
import type { Redaction } from '../derive/redact/Redaction'
import type { FoundSignal } from '../derive/signals/findSignals'
import type { DerivedData } from '../store/DerivedStore'
import type { StoredSegment } from '../store/RecordingStore'
import { renameMetrics, speakerName, type SpeakerNames } from '../derive/applySpeakerNames'

/** `TranscriptUpload.signals` holds at most this many hits; the first in call order are sent. */
export const MAX_UPLOAD_SIGNALS = 10_000

/** One redaction of an upload, and whether the user chose to send the original instead. */
export interface UploadRedaction extends Redaction {
  reverted: boolean
}

export interface UploadContentInput {
  /** The stored transcript, speakers as stable labels. */
  segments: readonly StoredSegment[]
  durationMs: number
  /** What `DerivedStore` holds for the recording (derived from `segments`, stable labels). */
  derived: DerivedData
  speakerNames: SpeakerNames
  redaction: {
    enabled: boolean
    /** The user's names and terms (`redaction.terms`). */
    terms: readonly string[]
    /** Ids of redactions the user chose to send unredacted. */
    reverted: ReadonlySet<string>
  }
  /** The trackers in use, to find the signals again in redacted text. */
  trackers: readonly TrackerDefinition[]
}

/** The transcript and its derived parts exactly as they go into the upload. */
export interface UploadContent {
  segments: StoredSegment[]
  summary: string | null
  signals: FoundSignal[]
  metrics: CallMetrics | null
  /** Every redaction found, applied or reverted, in segment order then by position. */
  redactions: UploadRedaction[]
}

/**
 * The speaker names an upload may carry in clear: those in which the redactor finds nothing (a
 * role such as "Customer"). A name holding a person's name, a term of the user's or an address
 * is dropped, so its speaker goes under the stable label ("Speaker 2") everywhere the upload
 * names speakers: segments, signals and metrics keys alike, which keeps them consistent.
 */
function unredactedSpeakerNames(
  names: SpeakerNames,
  findPii: (text: string) => PiiMatch[],
): SpeakerNames {
  return Object.fromEntries(Object.entries(names).filter(([, name]) => findPii(name).length === 0))
}

/**
 * What one recording's upload carries, given the user's choices: PII redacted (unless turned off
 * or reverted item by item) and speakers under the user's names. With redaction on, the people's
 * names (`personNames`: the names given to speakers, the people in email addresses) are redacted
 * from the text like the user's terms, and a speaker whose name holds personal data is sent under
 * its stable label.
 *
 * With redaction on, the signals and the summary are derived again from the redacted segments
 * (same trackers, same `deriveRecording`) instead of taken from the store. Their quotes and summary
 * lines are sentences of the segments, so this way every text the payload carries comes from the
 * text as sent: nothing a redaction removed from a segment can come back through a quote, a
 * tracker phrase or the summary, whatever the sentence splitting or normalisation did to it, and a
 * reverted item appears wherever its sentence does. Running the same finder over stored quotes
 * instead would need offsets into normalised sentences and a second notion of "reverted". Metrics
 * carry no transcript text (only speaker keys) and come from the store. A recording that was never
 * derived sends none of the three. Pure: the same input gives the same content.
 */
export function composeUploadContent(input: UploadContentInput): UploadContent {
  const { reverted } = input.redaction
  const options: PiiOptions = {
    terms: input.redaction.terms,
    names: personNames({
      speakerNames: Object.values(input.speakerNames),
      texts: input.segments.map((s) => s.text),
    }),
  }
  const plan = input.redaction.enabled ? planRedactions(input.segments, options) : []
  const derivedBefore = input.derived.metrics !== null || input.derived.summary !== null
  let segments: readonly StoredSegment[] = input.segments
  let signals: FoundSignal[] = input.derived.signals
  let summary: string | null = input.derived.summary?.text ?? null
  if (input.redaction.enabled) {
    const redactedText = new Map(
      applyRedactions(input.segments, plan, reverted).map((s) => [s.idx, s.text]),
    )
    segments = input.segments.map((s) => ({ ...s, text: redactedText.get(s.idx) ?? s.text }))
    if (derivedBefore) {
      const again = deriveRecording(segments, input.durationMs, { trackers: input.trackers })
      signals = again.signals
      summary = again.summary.text
    }
  }
  const names = input.redaction.enabled
    ? unredactedSpeakerNames(input.speakerNames, createPiiFinder(options))
    : input.speakerNames
  return {
    segments: segments.map((s) => ({
      ...s,
      speaker: s.speaker === null ? null : speakerName(names, s.speaker),
    })),
    summary: derivedBefore ? summary : null,
    signals: derivedBefore
      ? signals
          .slice(0, MAX_UPLOAD_SIGNALS)
          .map((signal) =>
            signal.speaker === undefined
              ? signal
              : { ...signal, speaker: speakerName(names, signal.speaker) },
          )
      : [],
    metrics: input.derived.metrics === null ? null : renameMetrics(input.derived.metrics, names),
    redactions: plan.map((r) => ({ ...r, reverted: reverted.has(r.id) })),
  }
}

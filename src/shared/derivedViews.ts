import { z } from 'zod'
import { SignalAggregates, SignalParty } from './signals'
import { UploadMetrics, UploadSignal } from './upload'

/**
 * What derivation made of one recording, as the Recording screen shows it (issue 4): signals,
 * metrics, the extractive summary and the speakers with the names the user gave them.
 */
/**
 * The name of the speaker who is the user (issue 11): given by the "this is me" voice profile or
 * the `speakers.meChannel` setting. Signals and metrics split on it into "you" and "them".
 */
export const YOU_SPEAKER_NAME = 'You'

export const SpeakerView = z.object({
  /** The stable label the diarizer gave ('Speaker 1'); what segments and renames refer to. */
  label: z.string().max(80),
  /** The user's name for it ('Customer'), null until they give one. */
  name: z.string().max(80).nullable(),
})
export type SpeakerView = z.infer<typeof SpeakerView>

export const KeyMomentView = z.object({
  startMs: z.number().int().nonnegative(),
  segmentIdx: z.number().int().nonnegative(),
  sentence: z.string(),
  reason: z.string(),
})
export type KeyMomentView = z.infer<typeof KeyMomentView>

export const SummaryView = z.object({ text: z.string(), keyMoments: z.array(KeyMomentView) })
export type SummaryView = z.infer<typeof SummaryView>

/** A tracker's id and the label to show for it (defaults, or the user's own trackers). */
export const TrackerLabel = z.object({ id: z.string().max(80), label: z.string().max(80) })
export type TrackerLabel = z.infer<typeof TrackerLabel>

/** One side of a call: its share of the talking time, its questions and its demand signals. */
export const PartyFigures = z.object({
  talkShare: z.number().min(0).max(1),
  questions: z.number().int().nonnegative(),
  signals: z.number().int().nonnegative(),
})

/**
 * The call split into the user ("you": the speaker named "You") and everyone else ("them"), so a
 * customer's request is not counted as the seller's pitch. Null when no speaker is "You".
 */
export const PartySplit = z.object({
  /** The speaker labels named "You" (one, unless the user named two so). */
  youLabels: z.array(z.string().max(80)),
  you: PartyFigures,
  them: PartyFigures,
})
export type PartySplit = z.infer<typeof PartySplit>

export const RecordingDerived = z.object({
  signals: z.array(UploadSignal),
  metrics: UploadMetrics.nullable(),
  summary: SummaryView.nullable(),
  /** Every speaker of the transcript, in order of first appearance. */
  speakers: z.array(SpeakerView),
  /** Labels for the trackers in use, so signals can be grouped under readable headings. */
  trackers: z.array(TrackerLabel),
  /** You vs them (issue 11); null when no speaker is named "You". */
  parties: PartySplit.nullable(),
})
export type RecordingDerived = z.infer<typeof RecordingDerived>

/** ISO 8601 instants; `to` is exclusive. */
export const DateRangeQuery = z.object({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
})
export type DateRangeQuery = z.infer<typeof DateRangeQuery>

/** The Insights screen's query: a period, and whose signals to count ("them" when absent). */
export const InsightsQuery = DateRangeQuery.extend({ party: SignalParty.optional() })
export type InsightsQuery = z.infer<typeof InsightsQuery>

/** Signals across recordings over time (the Insights screen), with tracker labels for legends. */
export const InsightsView = SignalAggregates.extend({
  trackers: z.array(TrackerLabel),
  /** The user's product (`signals.ownProduct`), so the competitors chart reads "you vs them". */
  ownProduct: z.string().nullable(),
})
export type InsightsView = z.infer<typeof InsightsView>

/**
 * One redaction of the upload: where (segment, UTF-16 offsets into the stored text), what kind,
 * the original and what replaces it. `reverted` means the user chose to send the original.
 */
export const RedactionView = z.object({
  id: z.string().max(300),
  segmentIdx: z.number().int().nonnegative(),
  kind: z.string().max(40),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  original: z.string(),
  replacement: z.string(),
  reverted: z.boolean(),
})
export type RedactionView = z.infer<typeof RedactionView>

export const RedactionList = z.object({
  /** The `redaction.enabled` setting: when off, nothing is redacted and `items` is empty. */
  enabled: z.boolean(),
  items: z.array(RedactionView),
})
export type RedactionList = z.infer<typeof RedactionList>

/** The user's voice profile as shown (Settings, `earshot me show`): its source, never its numbers. */
export const VoiceProfileView = z.object({
  sourceRecordingId: z.string(),
  sourceLabel: z.string().max(80),
  createdAt: z.string(),
  speechSeconds: z.number().int().nonnegative(),
})
export type VoiceProfileView = z.infer<typeof VoiceProfileView>

import type { TrackerDefinition } from '../../shared/signals'
import type { DerivedSegment } from './DerivedSegment'
import { computeMetrics, type CallMetrics } from './metrics/computeMetrics'
import { findSignals, type FoundSignal } from './signals/findSignals'
import { splitSentences } from './signals/splitSentences'
import { extractiveSummary } from './summary/extractiveSummary'
import type { CallSummary, SummaryLimits } from './summary/Summarizer'

export interface DeriveOptions {
  /** The trackers to run, already merged with the user's settings (`resolveTrackers`). */
  trackers: readonly TrackerDefinition[]
  summary?: SummaryLimits
}

/** Everything derivation makes of one transcript. */
export interface RecordingDerivation {
  signals: FoundSignal[]
  metrics: CallMetrics
  summary: CallSummary
}

/**
 * Signals, call metrics and the extractive summary of one transcript. The sentences are split once
 * and shared, so a signal's quote and a summary line are the same string for the same sentence.
 * Pure and deterministic: the same segments, duration and trackers always give the same result.
 * Speakers are whatever the segments carry — the stable labels ('Speaker 1') when called from the
 * store; the user's names for them are applied where the result is shown or uploaded.
 *
 * Synchronous on purpose: the shipped summarizer is extractive. An optional local model would
 * come in behind the async `Summarizer` seam (summary/Summarizer.ts) and replace only that step.
 */
export function deriveRecording(
  segments: readonly DerivedSegment[],
  durationMs: number,
  options: DeriveOptions,
): RecordingDerivation {
  const sentences = splitSentences(segments)
  const signals = findSignals(segments, options.trackers, sentences)
  return {
    signals,
    metrics: computeMetrics(segments, durationMs, sentences),
    summary: extractiveSummary(segments, options.summary ?? {}, signals, sentences),
  }
}

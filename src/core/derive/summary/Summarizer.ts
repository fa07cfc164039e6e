import type { DerivedSegment } from '../DerivedSegment'
import type { FoundSignal } from '../signals/findSignals'

/** A sentence the summary picked, linked to where it was said. */
export interface KeyMoment {
  startMs: number
  segmentIdx: number
  sentence: string
  /** `signal`: it holds a tracker hit (listed in `trackers`); `central`: it carries the call's main topics. */
  reason: 'signal' | 'central'
  trackers: string[]
}

export interface CallSummary {
  /** The picked sentences in call order, joined by spaces; '' when nothing fit. */
  text: string
  keyMoments: KeyMoment[]
}

export interface SummaryLimits {
  /** At most this many sentences (default 5, at most 50). */
  maxSentences?: number
  /** At most this many characters of `text` (default 1000, at most 20000, the upload's limit). */
  maxChars?: number
}

export interface SummaryInput extends SummaryLimits {
  segments: readonly DerivedSegment[]
  /** Hits found on the same segments (`findSignals`); sentences holding them rank higher. */
  signals?: readonly FoundSignal[]
}

/**
 * The seam for summarising a call. Earshot ships only the deterministic extractive summarizer; an
 * optional local language model can implement this later without touching the pipeline. Async
 * because a model would be.
 */
export interface Summarizer {
  /** Stable name stored with a summary, so it is known which summarizer wrote it. */
  readonly id: string
  summarize(input: SummaryInput): Promise<CallSummary>
}

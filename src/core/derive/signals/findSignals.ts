import type { z } from 'zod'
import type { TrackerDefinition, TrackerKind } from '../../../shared/signals'
import type { UploadSignal } from '../../../shared/upload'
import type { DerivedSegment } from '../DerivedSegment'
import { clipText } from './clipText'
import { compileTracker } from './compileTracker'
import { isNegated } from './isNegated'
import { normalizeText, segmentAt, splitSentences, type Sentence } from './splitSentences'
import { safeMs } from './safeMs'

/** A tracker hit, exactly as the upload carries it. */
export type FoundSignal = z.infer<typeof UploadSignal>

/**
 * Every tracker hit in the transcript, ordered by sentence, then tracker, then position: the tracker's id, the
 * phrase, the whole sentence as the quote, and the segment where the phrase starts (its index,
 * start time and speaker). Each user pattern runs on one sentence of at most 1000 characters at a
 * time, and `TrackerDefinition` refuses nested unbounded repetition, so a pattern cannot backtrack
 * for long.
 */
/**
 * When trackers hit the same phrase at the same place ("do you support Salesforce?" is a feature
 * request by pattern and, with Salesforce in the competitor list, a competitor), it counts once,
 * for the tracker whose kind ranks first here. A name the user listed (competitor) is the most
 * specific fact; an integration names a system to connect; the feature-request patterns capture
 * whatever noun follows "support" or "wish it had", so they yield to both. Other kinds keep their
 * hits: pricing, objections and the rest describe what is said, not which thing is named.
 */
const PHRASE_PRECEDENCE: Partial<Record<TrackerKind, number>> = {
  competitor: 0,
  integration: 1,
  'feature-request': 2,
}

interface Hit {
  kind: TrackerKind
  id: string
  start: number
  end: number
  phrase: string
}

/** Whether `hit` names the same thing as a hit of a kind with precedence over it. */
function yieldsTo(hit: Hit, others: readonly Hit[]): boolean {
  const rank = PHRASE_PRECEDENCE[hit.kind]
  if (rank === undefined) return false
  const phrase = normalizeText(hit.phrase).toLowerCase()
  return others.some((other) => {
    const otherRank = PHRASE_PRECEDENCE[other.kind]
    if (other === hit || otherRank === undefined || otherRank >= rank) return false
    // The same words only: "Slack integration" requested is more than the integration "Slack".
    const overlaps = other.start < hit.end && hit.start < other.end
    return overlaps && normalizeText(other.phrase).toLowerCase() === phrase
  })
}

export function findSignals(
  segments: readonly DerivedSegment[],
  trackers: readonly TrackerDefinition[],
  sentences: readonly Sentence[] = splitSentences(segments),
): FoundSignal[] {
  const compiled = trackers.map(compileTracker)
  const signals: FoundSignal[] = []
  for (const sentence of sentences) {
    const hits: Hit[] = []
    for (const tracker of compiled) {
      for (const match of tracker.matchAll(sentence.text)) {
        if (tracker.definition.negatable && isNegated(sentence.text, match.start, match.end)) {
          continue
        }
        hits.push({ kind: tracker.definition.kind, id: tracker.definition.id, ...match })
      }
    }
    for (const hit of hits) {
      if (yieldsTo(hit, hits)) continue
      const segment = segmentAt(sentence, hit.start)
      const speaker = segment.speaker?.trim()
      signals.push({
        tracker: hit.id,
        phrase: hit.phrase,
        quote: clipText(sentence.text, 1000),
        ...(speaker ? { speaker: clipText(speaker, 80) } : {}),
        startMs: safeMs(segment.startMs),
        segmentIdx: segment.idx,
      })
    }
  }
  return signals
}

import type { z } from 'zod'
import type { TrackerDefinition } from '../../../shared/signals'
import type { UploadSignal } from '../../../shared/upload'
import type { DerivedSegment } from '../DerivedSegment'
import { clipText } from './clipText'
import { compileTracker } from './compileTracker'
import { isNegated } from './isNegated'
import { segmentAt, splitSentences, type Sentence } from './splitSentences'
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
export function findSignals(
  segments: readonly DerivedSegment[],
  trackers: readonly TrackerDefinition[],
  sentences: readonly Sentence[] = splitSentences(segments),
): FoundSignal[] {
  const compiled = trackers.map(compileTracker)
  const signals: FoundSignal[] = []
  for (const sentence of sentences) {
    for (const tracker of compiled) {
      for (const match of tracker.matchAll(sentence.text)) {
        if (tracker.definition.negatable && isNegated(sentence.text, match.start, match.end)) {
          continue
        }
        const segment = segmentAt(sentence, match.start)
        const speaker = segment.speaker?.trim()
        signals.push({
          tracker: tracker.definition.id,
          phrase: match.phrase,
          quote: clipText(sentence.text, 1000),
          ...(speaker ? { speaker: clipText(speaker, 80) } : {}),
          startMs: safeMs(segment.startMs),
          segmentIdx: segment.idx,
        })
      }
    }
  }
  return signals
}

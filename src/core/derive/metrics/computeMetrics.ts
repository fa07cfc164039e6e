import type { z } from 'zod'
import type { UploadMetrics } from '../../../shared/upload'
import type { DerivedSegment } from '../DerivedSegment'
import { segmentAt, splitSentences, type Sentence } from '../signals/splitSentences'
import { countInterruptions } from './countInterruptions'
import { countWords } from './countWords'
import { coveredLength } from './coveredLength'
import { isQuestion } from './isQuestion'
import { longestMonologue } from './longestMonologue'
import { speakerKey } from './speakerKey'
import { toTimedTurns } from './TimedTurn'

/** Call metrics, exactly as the upload carries them. */
export type CallMetrics = z.infer<typeof UploadMetrics>

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value))
const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

/**
 * Call metrics for one recording:
 * - `talkRatio`: each speaker's share of speaking time (their own overlapping segments counted
 *   once), summing to 1 over speakers (`Unknown` for segments without a speaker); empty when
 *   nobody spoke;
 * - `longestMonologueMs`: see `longestMonologue`;
 * - `wordsPerMinute`: all words over the time anyone was speaking;
 * - `questions`: sentences per speaker that ask something (see `isQuestion`), 0 for speakers who
 *   asked none;
 * - `silenceShare`: the part of the recording where no segment runs (overlaps counted once);
 *   without a duration, the span up to the last segment's end is used;
 * - `interruptions`: see `countInterruptions`.
 * Pure and total: any segment list, however odd its times, gives values inside the upload schema.
 */
export function computeMetrics(
  segments: readonly DerivedSegment[],
  durationMs: number,
  sentences: readonly Sentence[] = splitSentences(segments),
): CallMetrics {
  const turns = toTimedTurns(segments)
  const speakers = [...new Set(turns.map((turn) => turn.speaker))].sort()

  const talkMs = new Map(
    speakers.map((speaker) => [
      speaker,
      coveredLength(turns.filter((turn) => turn.speaker === speaker)),
    ]),
  )
  const totalTalkMs = [...talkMs.values()].reduce((sum, ms) => sum + ms, 0)
  // Object.fromEntries, not assignment: a speaker named "__proto__" must stay a plain key.
  const talkRatio = Object.fromEntries(
    totalTalkMs > 0
      ? speakers.map((speaker) => [
          speaker,
          round(clamp01((talkMs.get(speaker) ?? 0) / totalTalkMs), 4),
        ])
      : [],
  ) as Record<string, number>

  const asked = new Map(speakers.map((speaker) => [speaker, 0]))
  for (const sentence of sentences) {
    if (!isQuestion(sentence.text)) continue
    const speaker = speakerKey(segmentAt(sentence, 0).speaker)
    asked.set(speaker, (asked.get(speaker) ?? 0) + 1)
  }
  const questions = Object.fromEntries(asked) as Record<string, number>

  const speechMs = coveredLength(turns)
  const words = segments.reduce((sum, segment) => sum + countWords(segment.text), 0)
  const wordsPerMinute = speechMs > 0 ? round(words / (speechMs / 60_000), 1) : 0

  const lastEndMs = turns.reduce((max, turn) => Math.max(max, turn.endMs), 0)
  const spanMs = Number.isFinite(durationMs) && durationMs > 0 ? durationMs : lastEndMs
  const silenceShare = spanMs > 0 ? round(clamp01(1 - coveredLength(turns, spanMs) / spanMs), 4) : 0

  return {
    talkRatio,
    longestMonologueMs: Math.round(longestMonologue(turns)),
    wordsPerMinute,
    questions,
    silenceShare,
    interruptions: countInterruptions(turns),
  }
}

import type { DerivedSegment } from '../DerivedSegment'
import { speakerKey } from './speakerKey'

/** A segment reduced to what timing metrics need, with times made sane. */
export interface TimedTurn {
  startMs: number
  endMs: number
  speaker: string
  /** Whether the segment had a named speaker (interruptions need to know who spoke). */
  known: boolean
}

function finiteOrZero(value: number): number {
  return Number.isFinite(value) ? Math.max(0, value) : 0
}

/**
 * Segments as time spans in start order. Metrics must not fail on odd input, so negative or
 * non-finite times become 0 and an end before its start becomes a zero-length span.
 */
export function toTimedTurns(segments: readonly DerivedSegment[]): TimedTurn[] {
  return segments
    .map((segment) => {
      const startMs = finiteOrZero(segment.startMs)
      return {
        startMs,
        endMs: Math.max(startMs, finiteOrZero(segment.endMs)),
        speaker: speakerKey(segment.speaker),
        known: (segment.speaker?.trim() ?? '') !== '',
      }
    })
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)
}

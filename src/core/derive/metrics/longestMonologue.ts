import type { TimedTurn } from './TimedTurn'

/** Pauses shorter than this inside one speaker's speech do not end a monologue. */
export const MONOLOGUE_GAP_MS = 1500

/**
 * The longest stretch one speaker talked without anyone else speaking: consecutive segments (in
 * start order) of the same speaker, pauses under `MONOLOGUE_GAP_MS` bridged. Any segment of another
 * speaker, a short "mm-hmm" included, ends the stretch. Without speaker turns every segment is
 * `Unknown`, and this is the longest stretch of continuous speech.
 */
export function longestMonologue(turns: readonly TimedTurn[]): number {
  let longest = 0
  let speaker: string | null = null
  let runStart = 0
  let runEnd = 0
  for (const turn of turns) {
    if (turn.speaker === speaker && turn.startMs - runEnd < MONOLOGUE_GAP_MS) {
      runEnd = Math.max(runEnd, turn.endMs)
    } else {
      speaker = turn.speaker
      runStart = turn.startMs
      runEnd = turn.endMs
    }
    longest = Math.max(longest, runEnd - runStart)
  }
  return longest
}

import type { TimedTurn } from './TimedTurn'
import { MONOLOGUE_GAP_MS } from './longestMonologue'

/**
 * A reply this soon after the other speaker stops still cuts them off. Zero: whisper writes
 * back-to-back segments (one ends where the next starts, or a few ms apart), so any grace turns
 * nearly every change of speaker into an interruption. Only real overlap counts.
 */
export const INTERRUPTION_GRACE_MS = 0

/**
 * B's segment starting this soon after B's own previous one ends continues B's speech rather than
 * cutting in again (whisper splits one utterance into segments a few ms apart). Kept apart from the
 * grace above, which used to serve both: with a zero grace, B's next segment 50 ms later, while A
 * still talks, would count as a second interruption.
 */
export const CONTINUATION_GAP_MS = 200

/** The speaker cut off must have been talking at least this long. */
export const INTERRUPTION_MIN_TALK_MS = 1000

interface SpeakerState {
  /** Start of the speaker's current stretch (pauses under `MONOLOGUE_GAP_MS` bridged). */
  runStartMs: number
  /** Latest end of any of the speaker's segments so far. */
  lastEndMs: number
}

/**
 * How often someone cut in: a segment of speaker B that starts while speaker A is talking (before
 * A's segment ends, plus `INTERRUPTION_GRACE_MS`), where A's stretch had lasted at least
 * `INTERRUPTION_MIN_TALK_MS` by then. Each of B's segments counts at most once, and not when it
 * continues B's own speech (B's previous segment ended within `CONTINUATION_GAP_MS`). Segments
 * without a named speaker take no part: nobody can tell who interrupted whom.
 */
export function countInterruptions(turns: readonly TimedTurn[]): number {
  const states = new Map<string, SpeakerState>()
  let interruptions = 0
  let i = 0
  while (i < turns.length) {
    // Segments starting at the same instant do not interrupt each other.
    let j = i
    while (j < turns.length && turns[j]?.startMs === turns[i]?.startMs) j++
    const group = turns.slice(i, j).filter((turn) => turn.known)
    for (const turn of group) {
      // B going on with what B was already saying is not a new cut-in.
      const own = states.get(turn.speaker)
      if (own !== undefined && turn.startMs <= own.lastEndMs + CONTINUATION_GAP_MS) continue
      for (const [speaker, state] of states) {
        if (speaker === turn.speaker) continue
        if (
          turn.startMs < state.lastEndMs + INTERRUPTION_GRACE_MS &&
          turn.startMs - state.runStartMs >= INTERRUPTION_MIN_TALK_MS
        ) {
          interruptions += 1
          break
        }
      }
    }
    for (const turn of group) {
      const state = states.get(turn.speaker)
      if (state === undefined || turn.startMs - state.lastEndMs >= MONOLOGUE_GAP_MS) {
        states.set(turn.speaker, { runStartMs: turn.startMs, lastEndMs: turn.endMs })
      } else {
        state.lastEndMs = Math.max(state.lastEndMs, turn.endMs)
      }
    }
    i = j
  }
  return interruptions
}

import type { SpeakerTurn } from './diarize'
import { speakerLabel } from './speakerLabel'

/**
 * Names each transcript segment after the diarized speaker it overlaps most (the nearest turn when
 * it overlaps none, e.g. a segment whisper placed in a pause). Speakers are numbered in order of
 * first appearance in the transcript, so "Speaker 1" is whoever is heard first.
 */
export function assignSpeakers(
  segments: readonly { startMs: number; endMs: number }[],
  turns: readonly SpeakerTurn[],
): (string | null)[] {
  if (turns.length === 0) return segments.map(() => null)
  const order = new Map<number, number>()
  return segments.map((segment) => {
    const overlap = new Map<number, number>()
    let nearest = turns[0]
    let nearestGap = Infinity
    for (const turn of turns) {
      const shared = Math.min(segment.endMs, turn.endMs) - Math.max(segment.startMs, turn.startMs)
      if (shared > 0) overlap.set(turn.speaker, (overlap.get(turn.speaker) ?? 0) + shared)
      const gap = Math.max(turn.startMs - segment.endMs, segment.startMs - turn.endMs)
      if (gap < nearestGap) {
        nearestGap = gap
        nearest = turn
      }
    }
    let speaker = nearest?.speaker ?? 0
    let most = 0
    for (const [candidate, shared] of overlap) {
      if (shared > most || (shared === most && candidate < speaker)) {
        most = shared
        speaker = candidate
      }
    }
    if (!order.has(speaker)) order.set(speaker, order.size)
    return speakerLabel(order.get(speaker) ?? 0)
  })
}

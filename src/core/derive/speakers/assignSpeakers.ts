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
  return [...labelTurnSpeakers(segments, turns).labels]
}

/**
 * assignSpeakers with its working shown: each segment's label, and which diarized speaker (the
 * turns' number) each label stands for, so features gathered per turn speaker can be filed under
 * the label the transcript shows.
 */
export function labelTurnSpeakers(
  segments: readonly { startMs: number; endMs: number }[],
  turns: readonly SpeakerTurn[],
): { labels: readonly (string | null)[]; labelOf: ReadonlyMap<number, string> } {
  const labelOf = new Map<number, string>()
  if (turns.length === 0) return { labels: segments.map(() => null), labelOf }
  const labels = segments.map((segment) => {
    const speaker = dominantSpeaker(segment, turns)
    if (!labelOf.has(speaker)) labelOf.set(speaker, speakerLabel(labelOf.size))
    return labelOf.get(speaker) ?? null
  })
  return { labels, labelOf }
}

function dominantSpeaker(
  segment: { startMs: number; endMs: number },
  turns: readonly SpeakerTurn[],
): number {
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
  return speaker
}

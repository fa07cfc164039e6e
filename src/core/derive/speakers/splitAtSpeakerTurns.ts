import type { SpeakerTurn } from './diarize'

export interface TimedWord {
  startMs: number
  endMs: number
  /** As whisper wrote it, leading space included: pieces are rebuilt by concatenation. */
  text: string
}

export interface SplittableSegment {
  startMs: number
  endMs: number
  text: string
  confidence?: number
  words?: TimedWord[]
}

/**
 * Cuts transcript segments where the diarized speaker changes, the WhisperX way: each word goes to
 * the turn it overlaps most (the nearest turn when it overlaps none), and a segment becomes one
 * piece per run of words with the same speaker, so one line never holds two people. A segment
 * without word times, or with all its words on one speaker, comes back unchanged. Pieces keep the
 * segment's confidence; their times are their words' first start and last end.
 */
export function splitAtSpeakerTurns<S extends SplittableSegment>(
  segments: readonly S[],
  turns: readonly SpeakerTurn[],
): (S | SplittableSegment)[] {
  if (turns.length === 0) return [...segments]
  return segments.flatMap((segment): (S | SplittableSegment)[] => {
    const words = (segment.words ?? []).filter((w) => w.text.trim() !== '')
    if (words.length < 2) return [segment]
    const pieces: { speaker: number; words: TimedWord[] }[] = []
    for (const word of words) {
      const speaker = speakerOf(word, turns)
      const last = pieces[pieces.length - 1]
      if (last?.speaker === speaker) last.words.push(word)
      else pieces.push({ speaker, words: [word] })
    }
    if (pieces.length < 2) return [segment]
    return pieces.map((piece, i) => {
      const first = piece.words[0]
      const final = piece.words[piece.words.length - 1]
      const out: SplittableSegment = {
        startMs: i === 0 ? segment.startMs : Math.max(segment.startMs, first?.startMs ?? 0),
        endMs: i === pieces.length - 1 ? segment.endMs : Math.min(segment.endMs, final?.endMs ?? 0),
        text: piece.words
          .map((w) => w.text)
          .join('')
          .trim(),
        words: piece.words,
      }
      if (segment.confidence !== undefined) out.confidence = segment.confidence
      return out
    })
  })
}

function speakerOf(word: TimedWord, turns: readonly SpeakerTurn[]): number {
  let best = turns[0]?.speaker ?? 0
  let bestOverlap = 0
  let nearestGap = Infinity
  let nearest = best
  for (const turn of turns) {
    const overlap = Math.min(word.endMs, turn.endMs) - Math.max(word.startMs, turn.startMs)
    if (overlap > bestOverlap) {
      bestOverlap = overlap
      best = turn.speaker
    }
    const gap = Math.max(turn.startMs - word.endMs, word.startMs - turn.endMs)
    if (gap < nearestGap) {
      nearestGap = gap
      nearest = turn.speaker
    }
  }
  return bestOverlap > 0 ? best : nearest
}

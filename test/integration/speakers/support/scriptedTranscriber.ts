import { expect } from 'vitest'
import type { Transcriber } from '../../../../src/core/transcribe/types'
import type { GeneratedConversation, ReferenceTurn } from './conversations'

/**
 * Stands in for whisper.cpp where the test needs segments at known times: random-weight test
 * models place their segments anywhere. It reads the whole PCM stream as the engine does, checks
 * its length, then reports one segment per main turn of the script (backchannels overlap those).
 */
export function scriptedTranscriber(conversation: GeneratedConversation): Transcriber {
  return {
    async transcribe(pcm, options) {
      let samples = 0
      for await (const chunk of pcm) samples += chunk.length
      expect(Math.abs(samples / 16 - conversation.durationMs)).toBeLessThan(50)
      const segments = mainTurns(conversation.reference).map((turn, i) => ({
        startMs: turn.startMs,
        endMs: turn.endMs,
        text: `turn ${i}`,
      }))
      for (const segment of segments) options?.onSegment?.(segment)
      return segments
    },
    dispose: () => Promise.resolve(),
  }
}

/** Turns that do not start while someone else is talking. */
export function mainTurns(reference: ReferenceTurn[]): ReferenceTurn[] {
  return reference.filter(
    (turn) =>
      !reference.some((o) => o !== turn && o.startMs < turn.startMs && o.endMs > turn.endMs),
  )
}

import type { TranscribedSegment } from './types'
import type { RawSegment, RawWord } from './workerMessages'

export interface WindowSpan {
  startMs: number
  durationMs: number
}

/**
 * A window-relative whisper segment on the recording's timeline. whisper.cpp can report an end past
 * the audio (it pads every window to 30 s: jfk.wav's 11 s came back as 0.5–29.4 s), so times are
 * clamped to the window, and to the previous segment's end so the transcript stays monotonic.
 * Returns undefined for segments with no text.
 */
export function placeSegment(
  raw: RawSegment,
  window: WindowSpan,
  previousEndMs: number,
): TranscribedSegment | undefined {
  const text = raw.text.trim()
  if (!text) return undefined
  const clamp = (ms: number): number =>
    window.startMs + Math.min(Math.max(Number.isFinite(ms) ? ms : 0, 0), window.durationMs)
  const startMs = Math.round(Math.max(clamp(raw.fromMs), previousEndMs))
  const endMs = Math.round(Math.max(clamp(raw.toMs), startMs))
  const segment: TranscribedSegment = { startMs, endMs, text }
  if (raw.confidence !== undefined) segment.confidence = Math.min(Math.max(raw.confidence, 0), 1)
  return segment
}

/** A placed segment's token times on the recording's timeline, kept inside the segment. */
export function placeWords(
  words: readonly RawWord[],
  window: WindowSpan,
  segment: TranscribedSegment,
): { startMs: number; endMs: number; text: string }[] {
  const place = (ms: number): number =>
    Math.round(
      Math.min(
        Math.max(window.startMs + (Number.isFinite(ms) ? ms : 0), segment.startMs),
        segment.endMs,
      ),
    )
  return words.map((w) => ({ startMs: place(w.fromMs), endMs: place(w.toMs), text: w.text }))
}

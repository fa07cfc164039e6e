import type { TranscriptLine } from '../../shared/api'
import type { StoredSegment } from '../store/RecordingStore'

/** A stored segment as the Recording screen reads it: unknown speaker and confidence left out. */
export function toTranscriptLine(segment: StoredSegment): TranscriptLine {
  return {
    idx: segment.idx,
    startMs: segment.startMs,
    endMs: segment.endMs,
    text: segment.text,
    ...(segment.speaker !== null && { speaker: segment.speaker }),
    ...(segment.confidence !== null && { confidence: segment.confidence }),
  }
}

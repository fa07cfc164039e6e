import type { CallQuality } from '../../shared/quality'
import type { RecordingRow, StoredSegment } from '../store/RecordingStore'
import type { SpeakerTurn } from './speakerTurns'

/** What a document export needs of a recording. */
export type ExportRecording = Pick<
  RecordingRow,
  'id' | 'title' | 'durationMs' | 'language' | 'importedAt'
>

/** What a document export needs of a segment: stored, derived or redacted segments all fit. */
export type ExportSegment = Pick<StoredSegment, 'startMs' | 'endMs' | 'text' | 'speaker'>

/** A point in the call worth jumping to, e.g. from the extractive summary. */
export interface ExportKeyMoment {
  startMs: number
  text: string
}

/** A tracker hit as the signals section lists it (an `UploadSignal` fits). */
export interface ExportSignal {
  tracker: string
  phrase: string
  quote: string
  speaker?: string
  startMs: number
}

/** Optional sections of the Markdown and Word exports; each is left out when not given or empty. */
export interface TranscriptExtras {
  summary?: string | null
  keyMoments?: readonly ExportKeyMoment[]
  signals?: readonly ExportSignal[]
  /** Who spoke when (`speakerTurns`), for the `rttm` export and the `turns` field of `json`. */
  turns?: readonly SpeakerTurn[]
  /** The call-quality report for the `quality` field of `json`; null: not measured. */
  quality?: CallQuality | null
}

/** "01:02:05": the timestamp shown beside each transcript line. */
export function clockTime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000))
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`
}

/** The metadata both document formats show under the title, as label/value pairs. */
export function transcriptMetadata(
  recording: ExportRecording,
  segments: readonly ExportSegment[],
): [string, string][] {
  const speakers = [
    ...new Set(segments.flatMap((s) => (s.speaker?.trim() ? [s.speaker.trim()] : []))),
  ]
  return [
    ['Recording', recording.id],
    ['Duration', recording.durationMs === null ? 'unknown' : clockTime(recording.durationMs)],
    ['Language', recording.language ?? 'unknown'],
    ['Imported', recording.importedAt],
    ['Speakers', speakers.length > 0 ? speakers.join(', ') : 'not identified'],
    ['Segments', String(segments.length)],
  ]
}

/** One line of text as spoken: line breaks inside a segment become spaces. */
export function lineText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

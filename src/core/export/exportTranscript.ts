import type { RecordingRow, StoredSegment } from '../store/RecordingStore'
import { formatTranscript, type ExportFormat } from './formatTranscript'
import { formatTranscriptDocx } from './formatTranscriptDocx'
import { formatRttm } from './formatRttm'
import { formatTranscriptMarkdown } from './formatTranscriptMarkdown'
import type { TranscriptExtras } from './TranscriptDocument'

/**
 * One recording in any export format: a string for the text formats, bytes for `docx`. The
 * summary and signals in `extras` appear in the document formats (`md`, `docx`) only; its speaker
 * turns make the `rttm` export and the `turns` of `json`, its quality report the `quality` of `json`.
 */
export async function exportTranscript(
  recording: RecordingRow,
  segments: readonly StoredSegment[],
  format: ExportFormat,
  extras: TranscriptExtras = {},
): Promise<string | Uint8Array> {
  switch (format) {
    case 'md':
      return formatTranscriptMarkdown(recording, segments, extras)
    case 'docx':
      return formatTranscriptDocx(recording, segments, extras)
    case 'rttm':
      return formatRttm(recording.id, extras.turns ?? [])
    default:
      return formatTranscript(recording, segments, format, extras.turns, extras.quality)
  }
}

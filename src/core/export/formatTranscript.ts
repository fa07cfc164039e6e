import type { RecordingRow, StoredSegment } from '../store/RecordingStore'

export const transcriptFormats = ['txt', 'srt', 'vtt', 'json'] as const
export type TranscriptFormat = (typeof transcriptFormats)[number]

/**
 * Every per-recording export (`earshot show --format`): the text formats above, which the IPC
 * contract also offers, plus Markdown and Word. `docx` is binary; see `exportTranscript`.
 */
export const exportFormats = [...transcriptFormats, 'md', 'docx'] as const
export type ExportFormat = (typeof exportFormats)[number]

export function isExportFormat(format: string): format is ExportFormat {
  return (exportFormats as readonly string[]).includes(format)
}

function clock(ms: number, fractionSeparator: ',' | '.'): string {
  const total = Math.max(0, Math.round(ms))
  const hours = Math.floor(total / 3_600_000)
  const minutes = Math.floor((total % 3_600_000) / 60_000)
  const seconds = Math.floor((total % 60_000) / 1000)
  const millis = total % 1000
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${fractionSeparator}${pad(millis, 3)}`
}

/** Cue text may not contain a blank line (it would end the cue) nor, in WebVTT, "-->". */
function cueText(text: string): string {
  return (
    text
      .trim()
      .replace(/\r?\n\s*\r?\n/g, '\n')
      .replace(/-->/g, '→') || '…'
  )
}

/** The transcript in a standard format: SubRip, WebVTT, plain text or JSON. */
export function formatTranscript(
  recording: RecordingRow,
  segments: readonly StoredSegment[],
  format: TranscriptFormat,
): string {
  switch (format) {
    case 'srt':
      return segments
        .map(
          (s, i) =>
            `${i + 1}\n${clock(s.startMs, ',')} --> ${clock(s.endMs, ',')}\n${cueText(s.text)}\n`,
        )
        .join('\n')
    case 'vtt':
      return (
        'WEBVTT\n\n' +
        segments
          .map((s) => `${clock(s.startMs, '.')} --> ${clock(s.endMs, '.')}\n${cueText(s.text)}\n`)
          .join('\n')
      )
    case 'txt':
      return segments
        .map(
          (s) =>
            `[${clock(s.startMs, '.').slice(0, 8)}] ${s.speaker ? `${s.speaker}: ` : ''}${s.text.trim()}\n`,
        )
        .join('')
    case 'json':
      return (
        JSON.stringify(
          {
            id: recording.id,
            title: recording.title,
            durationMs: recording.durationMs,
            language: recording.language,
            segments: segments.map((s) => ({
              startMs: s.startMs,
              endMs: s.endMs,
              text: s.text,
              ...(s.speaker !== null && { speaker: s.speaker }),
              ...(s.confidence !== null && { confidence: s.confidence }),
            })),
          },
          null,
          2,
        ) + '\n'
      )
  }
}

import type { CallQuality } from '../../shared/quality'
import type { RecordingRow, StoredSegment } from '../store/RecordingStore'
import type { SpeakerTurn } from './speakerTurns'

export const transcriptFormats = ['txt', 'srt', 'vtt', 'json'] as const
export type TranscriptFormat = (typeof transcriptFormats)[number]

/**
 * Every per-recording export (`earshot show --format`): the text formats above, which the IPC
 * contract also offers, plus Markdown, Word and RTTM (speaker turns). `docx` is binary; see
 * `exportTranscript`.
 */
export const exportFormats = [...transcriptFormats, 'md', 'docx', 'rttm'] as const
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

/** A WebVTT voice span's annotation ends at '>' and may not hold '&' or '<' unescaped (W3C WebVTT §4.2.2). */
function voiceName(speaker: string): string {
  return speaker
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s+/g, ' ')
}

/** WebVTT cue text: '&' and '<' start markup, so plain text escapes them (W3C WebVTT §4.2.2). */
function vttText(text: string): string {
  return cueText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Shortest cue written: players skip or flash a cue that ends when it starts. */
const MIN_CUE_MS = 100

/**
 * Subtitle cues: every cue lasts at least MIN_CUE_MS (a zero-length segment, which whisper writes
 * for a token at a window's edge, is given that much), never running into the next cue's start
 * unless it already overlapped it (two parties talking at once stay overlapping).
 */
function cues(
  segments: readonly StoredSegment[],
): { startMs: number; endMs: number; s: StoredSegment }[] {
  return segments.map((s, i) => {
    if (s.endMs - s.startMs >= MIN_CUE_MS) return { startMs: s.startMs, endMs: s.endMs, s }
    const next = segments.slice(i + 1).find((n) => n.startMs > s.startMs)
    const room = next ? next.startMs : Infinity
    const endMs = Math.max(s.startMs + 1, Math.min(s.startMs + MIN_CUE_MS, room))
    return { startMs: s.startMs, endMs: Math.max(endMs, s.endMs), s }
  })
}

/**
 * The transcript in a standard format: SubRip, WebVTT, plain text or JSON. Subtitles keep the
 * speaker: a `Name: ` prefix in SubRip (which has no speaker markup), a `<v Name>` voice span in
 * WebVTT. JSON carries the speaker turns when given (`turns`, additive), the call date
 * (`callDate`, additive) and the call-quality report when given (`quality`, additive; null when
 * the recording was never measured).
 */
export function formatTranscript(
  recording: RecordingRow,
  segments: readonly StoredSegment[],
  format: TranscriptFormat,
  turns?: readonly SpeakerTurn[],
  quality?: CallQuality | null,
): string {
  switch (format) {
    case 'srt':
      return cues(segments)
        .map(
          ({ startMs, endMs, s }, i) =>
            `${i + 1}\n${clock(startMs, ',')} --> ${clock(endMs, ',')}\n${s.speaker?.trim() ? `${s.speaker.trim()}: ` : ''}${cueText(s.text)}\n`,
        )
        .join('\n')
    case 'vtt':
      return (
        'WEBVTT\n\n' +
        cues(segments)
          .map(
            ({ startMs, endMs, s }) =>
              `${clock(startMs, '.')} --> ${clock(endMs, '.')}\n${s.speaker?.trim() ? `<v ${voiceName(s.speaker)}>` : ''}${vttText(s.text)}\n`,
          )
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
            ...(turns !== undefined && {
              turns: turns.map((t) => ({ startMs: t.startMs, endMs: t.endMs, speaker: t.speaker })),
            }),
            callDate: recording.callDate,
            ...(quality !== undefined && { quality }),
          },
          null,
          2,
        ) + '\n'
      )
  }
}

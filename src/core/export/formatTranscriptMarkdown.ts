import {
  clockTime,
  lineText,
  transcriptMetadata,
  type ExportRecording,
  type ExportSegment,
  type TranscriptExtras,
} from './TranscriptDocument'

/**
 * Backslash-escapes what CommonMark and GFM would read as markup inside a line (emphasis, code,
 * links, HTML, tables, strikethrough, entities), and "#", "+", "-", "=" and digits-then-dot where
 * they would start a heading or list. Any ASCII punctuation may be escaped (CommonMark §2.4).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&!]/g, '\\$&')
    .replace(/^([#+\-=>])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2')
}

function transcriptLine(segment: ExportSegment): string {
  const speaker = segment.speaker?.trim()
  const who = speaker ? `**${escapeMarkdown(speaker)}:** ` : ''
  return `[${clockTime(segment.startMs)}] ${who}${escapeMarkdown(lineText(segment.text)) || '…'}`
}

function summarySection(extras: TranscriptExtras): string[] {
  const summary = extras.summary?.trim()
  const moments = extras.keyMoments ?? []
  if (!summary && moments.length === 0) return []
  const paragraphs = summary
    ? summary
        .split(/\n\s*\n/)
        .map((p) => escapeMarkdown(lineText(p)))
        .filter((p) => p !== '')
    : []
  const list = moments.map((m) => `- [${clockTime(m.startMs)}] ${escapeMarkdown(lineText(m.text))}`)
  return [
    '## Summary',
    ...paragraphs,
    ...(list.length > 0 ? ['### Key moments', list.join('\n')] : []),
  ]
}

function signalsSection(extras: TranscriptExtras): string[] {
  const signals = extras.signals ?? []
  if (signals.length === 0) return []
  const list = signals.map((s) => {
    const speaker = s.speaker?.trim() ? `${escapeMarkdown(s.speaker.trim())}, ` : ''
    return (
      `- **${escapeMarkdown(s.tracker)}**: ${escapeMarkdown(lineText(s.phrase))} — ` +
      `“${escapeMarkdown(lineText(s.quote))}” (${speaker}[${clockTime(s.startMs)}])`
    )
  })
  return ['## Signals', list.join('\n')]
}

/**
 * The transcript as a Markdown document: title, metadata, the summary and signals when given,
 * then one paragraph per segment with its `[hh:mm:ss]` start and the speaker in bold. Transcript
 * text is escaped, so whatever was said renders as said.
 */
export function formatTranscriptMarkdown(
  recording: ExportRecording,
  segments: readonly ExportSegment[],
  extras: TranscriptExtras = {},
): string {
  const title = escapeMarkdown(lineText(recording.title)) || 'Untitled recording'
  const metadata = transcriptMetadata(recording, segments)
    .map(([label, value]) => `- **${label}:** ${escapeMarkdown(value)}`)
    .join('\n')
  const blocks = [
    `# ${title}`,
    metadata,
    ...summarySection(extras),
    ...signalsSection(extras),
    '## Transcript',
    ...segments.map(transcriptLine),
  ]
  return blocks.join('\n\n') + '\n'
}

import {
  Document,
  HeadingLevel,
  type IRunOptions,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import {
  clockTime,
  lineText,
  transcriptMetadata,
  type ExportRecording,
  type ExportSegment,
  type TranscriptExtras,
} from './TranscriptDocument'

/**
 * XML 1.0 §2.2 allows no C0 controls but tab, LF and CR, no lone surrogates and no U+FFFE/U+FFFF;
 * Word refuses a document that has them, and a transcript may (a pasted edit, a bad decode).
 */
function xmlSafe(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  )
}

/**
 * A run from options typed as such: `run({ bold: true })` would also be checked against
 * `string` (TextRun takes either), whose deprecated `String.prototype.bold` the linter then flags.
 */
function run(options: IRunOptions): TextRun {
  return new TextRun(options)
}

function plain(text: string): string {
  return xmlSafe(lineText(text))
}

function metadataTable(rows: readonly [string, string][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      ([label, value]) =>
        new TableRow({
          children: [
            new TableCell({
              width: { size: 25, type: WidthType.PERCENTAGE },
              children: [new Paragraph({ children: [run({ text: label, bold: true })] })],
            }),
            new TableCell({
              width: { size: 75, type: WidthType.PERCENTAGE },
              children: [new Paragraph({ text: xmlSafe(value) })],
            }),
          ],
        }),
    ),
  })
}

function timestamp(ms: number): TextRun {
  return run({ text: `[${clockTime(ms)}] `, color: '666666' })
}

function summaryParagraphs(extras: TranscriptExtras): Paragraph[] {
  const summary = extras.summary?.trim()
  const moments = extras.keyMoments ?? []
  if (!summary && moments.length === 0) return []
  return [
    new Paragraph({ text: 'Summary', heading: HeadingLevel.HEADING_1 }),
    ...(summary ?? '')
      .split(/\n\s*\n/)
      .map(plain)
      .filter((p) => p !== '')
      .map((text) => new Paragraph({ text })),
    ...(moments.length > 0
      ? [new Paragraph({ text: 'Key moments', heading: HeadingLevel.HEADING_2 })]
      : []),
    ...moments.map(
      (m) =>
        new Paragraph({
          bullet: { level: 0 },
          children: [timestamp(m.startMs), new TextRun(plain(m.text))],
        }),
    ),
  ]
}

function signalParagraphs(extras: TranscriptExtras): Paragraph[] {
  const signals = extras.signals ?? []
  if (signals.length === 0) return []
  return [
    new Paragraph({ text: 'Signals', heading: HeadingLevel.HEADING_1 }),
    ...signals.map(
      (s) =>
        new Paragraph({
          bullet: { level: 0 },
          children: [
            timestamp(s.startMs),
            run({ text: `${plain(s.tracker)}: `, bold: true }),
            new TextRun(`${plain(s.phrase)} — “${plain(s.quote)}”`),
            ...(s.speaker?.trim() ? [run({ text: ` (${plain(s.speaker)})`, italics: true })] : []),
          ],
        }),
    ),
  ]
}

function transcriptParagraph(segment: ExportSegment): Paragraph {
  const speaker = segment.speaker?.trim()
  return new Paragraph({
    spacing: { after: 120 },
    children: [
      timestamp(segment.startMs),
      ...(speaker ? [run({ text: `${plain(speaker)}: `, bold: true })] : []),
      new TextRun(plain(segment.text) || '…'),
    ],
  })
}

/**
 * The transcript as a Word document (Office Open XML, ISO/IEC 29500): the title as heading, a
 * metadata table, the summary and signals when given, then one paragraph per segment with its
 * timestamp and the speaker in bold.
 */
export async function formatTranscriptDocx(
  recording: ExportRecording,
  segments: readonly ExportSegment[],
  extras: TranscriptExtras = {},
): Promise<Uint8Array> {
  const title = plain(recording.title) || 'Untitled recording'
  const document = new Document({
    title,
    creator: 'Earshot',
    sections: [
      {
        children: [
          new Paragraph({ text: title, heading: HeadingLevel.TITLE }),
          metadataTable(transcriptMetadata(recording, segments)),
          ...summaryParagraphs(extras),
          ...signalParagraphs(extras),
          new Paragraph({ text: 'Transcript', heading: HeadingLevel.HEADING_1 }),
          ...segments.map(transcriptParagraph),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toArrayBuffer(document))
}

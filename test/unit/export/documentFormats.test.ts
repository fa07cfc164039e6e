import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportTranscript } from '../../../src/core/export/exportTranscript'
import { exportFormats, isExportFormat } from '../../../src/core/export/formatTranscript'
import { formatTranscriptDocx } from '../../../src/core/export/formatTranscriptDocx'
import {
  escapeMarkdown,
  formatTranscriptMarkdown,
} from '../../../src/core/export/formatTranscriptMarkdown'
import type { RecordingRow, StoredSegment } from '../../../src/core/store/RecordingStore'

const recording: RecordingRow = {
  id: 'r1',
  title: 'Q3 *renewal* call',
  sourcePath: '/calls/q3.m4a',
  sourceSha256: '0'.repeat(64),
  bytes: 1,
  container: 'mp4',
  durationMs: 3_726_500,
  channels: 2,
  importedAt: '2026-01-01T00:00:00.000Z',
  status: 'done',
  progress: 100,
  errorCode: null,
  errorMessage: null,
  language: 'de',
  callDate: null,
}

const segment = (idx: number, startMs: number, text: string, speaker: string | null) =>
  ({ idx, startMs, endMs: startMs + 2000, text, speaker, confidence: null }) as StoredSegment

const segments: StoredSegment[] = [
  segment(0, 0, ' Hello, can you see the *pricing* page?', 'Alex (AE)'),
  segment(
    1,
    65_000,
    'Sure: [link](http://x) <b>bold</b> `code` _a_ ~~b~~ | c & d\n\n# not a heading',
    null,
  ),
  segment(2, 3_725_001, 'Grüße aus Köln — 東京 too 😀, Ωmega.', 'Jürgen'),
]

/** The unpacked parts of a .docx (a ZIP, ECMA-376 Part 2). */
function unpack(bytes: Uint8Array): Record<string, Uint8Array> {
  return unzipSync(bytes)
}

/** The visible text of word/document.xml: the contents of its w:t elements, run after run. */
function documentText(bytes: Uint8Array): string {
  const xml = strFromU8(unpack(bytes)['word/document.xml'] ?? new Uint8Array())
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) =>
      (m[1] ?? '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .join('')
}

describe('Markdown export', () => {
  const markdown = formatTranscriptMarkdown(recording, segments)

  it('has a title, metadata, and one timestamped line per segment with the speaker in bold', () => {
    const lines = markdown.split('\n\n')
    expect(lines[0]).toBe('# Q3 \\*renewal\\* call')
    expect(markdown).toContain('- **Duration:** 01:02:06\n- **Language:** de')
    expect(markdown).toContain('- **Speakers:** Alex (AE), Jürgen')
    expect(lines.slice(lines.indexOf('## Transcript') + 1)).toEqual([
      '[00:00:00] **Alex (AE):** Hello, can you see the \\*pricing\\* page?',
      '[00:01:05] Sure: \\[link\\](http://x) \\<b\\>bold\\</b\\> \\`code\\` \\_a\\_ \\~\\~b\\~\\~ \\| c \\& d # not a heading',
      '[01:02:05] **Jürgen:** Grüße aus Köln — 東京 too 😀, Ωmega.\n',
    ])
    expect(markdown).not.toContain('/calls/')
  })

  it('leaves out summary and signals unless given, and escapes them too', () => {
    expect(markdown).not.toContain('## Summary')
    expect(markdown).not.toContain('## Signals')
    const full = formatTranscriptMarkdown(recording, segments, {
      summary: '1. Pricing came up *early*.\n\nThey want SSO.',
      keyMoments: [{ startMs: 65_000, text: 'Asked about <pricing>' }],
      signals: [
        {
          tracker: 'pricing',
          phrase: 'pricing',
          quote: 'see the *pricing* page?',
          speaker: 'Alex (AE)',
          startMs: 0,
        },
      ],
    })
    const sections = full.split('\n\n')
    const summary = sections.indexOf('## Summary')
    expect(sections.slice(summary, summary + 5)).toEqual([
      '## Summary',
      '1\\. Pricing came up \\*early\\*.',
      'They want SSO.',
      '### Key moments',
      '- [00:01:05] Asked about \\<pricing\\>',
    ])
    expect(full).toContain(
      '## Signals\n\n- **pricing**: pricing — “see the \\*pricing\\* page?” (Alex (AE), [00:00:00])',
    )
    expect(full.indexOf('## Signals')).toBeLessThan(full.indexOf('## Transcript'))
  })

  it('escapes what would start a block at the beginning of a line', () => {
    expect(escapeMarkdown('# a')).toBe('\\# a')
    expect(escapeMarkdown('- a')).toBe('\\- a')
    expect(escapeMarkdown('> a')).toBe('\\> a')
    expect(escapeMarkdown('12) a')).toBe('12\\) a')
    expect(escapeMarkdown('plain words, 3.5 percent')).toBe('plain words, 3.5 percent')
  })
})

describe('Word export', () => {
  it('is a valid OOXML package whose document holds every line, unicode intact', async () => {
    const bytes = await formatTranscriptDocx(recording, segments, {
      summary: 'Pricing & SSO.',
      signals: [{ tracker: 'security', phrase: 'SSO', quote: 'They want SSO.', startMs: 65_000 }],
    })
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
    const parts = unpack(bytes)
    expect(Object.keys(parts)).toEqual(
      expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', '_rels/.rels']),
    )
    const text = documentText(bytes)
    expect(text).toContain('Q3 *renewal* call')
    expect(text).toContain('[00:00:00] Alex (AE): Hello, can you see the *pricing* page?')
    expect(text).toContain(
      '[00:01:05] Sure: [link](http://x) <b>bold</b> `code` _a_ ~~b~~ | c & d # not a heading',
    )
    expect(text).toContain('[01:02:05] Jürgen: Grüße aus Köln — 東京 too 😀, Ωmega.')
    expect(text).toContain('Pricing & SSO.')
    expect(text).toContain('security: SSO — “They want SSO.”')
    expect(text).toContain('Duration01:02:06')
    expect(text).not.toContain('/calls/')
    const xml = strFromU8(parts['word/document.xml'] ?? new Uint8Array())
    expect(xml).toMatch(/<w:b\/>/)
    expect(xml).toContain('<w:tbl>')
  })

  it('replaces characters XML cannot hold instead of writing a document Word refuses', async () => {
    const bytes = await formatTranscriptDocx(recording, [
      segment(0, 0, 'bell\u0007 and lone \uD800 surrogate', null),
    ])
    const xml = strFromU8(unpack(bytes)['word/document.xml'] ?? new Uint8Array())
    // eslint-disable-next-line no-control-regex -- asserting that no control character is left
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
    expect(documentText(bytes)).toContain('bell\uFFFD and lone \uFFFD surrogate')
  })
})

describe('export formats', () => {
  it('lists the text formats, Markdown, Word and RTTM, and renders each', async () => {
    expect([...exportFormats]).toEqual(['txt', 'srt', 'vtt', 'json', 'md', 'docx', 'rttm'])
    expect(isExportFormat('md')).toBe(true)
    expect(isExportFormat('pdf')).toBe(false)
    for (const format of exportFormats) {
      const out = await exportTranscript(recording, segments, format)
      expect(typeof out === 'string').toBe(format !== 'docx')
    }
    expect(await exportTranscript(recording, segments, 'md')).toBe(
      formatTranscriptMarkdown(recording, segments),
    )
  })
})

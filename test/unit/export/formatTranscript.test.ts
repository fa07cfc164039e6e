import { describe, expect, it } from 'vitest'
import { formatTranscript } from '../../../src/core/export/formatTranscript'
import type { RecordingRow, StoredSegment } from '../../../src/core/store/RecordingStore'

const recording: RecordingRow = {
  id: 'r1',
  title: 'Call',
  sourcePath: '/x.mp4',
  sourceSha256: '0'.repeat(64),
  bytes: 1,
  container: 'wav',
  durationMs: 3_726_500,
  channels: 1,
  importedAt: '2026-01-01T00:00:00.000Z',
  status: 'done',
  progress: 100,
  errorCode: null,
  errorMessage: null,
  language: 'en',
  callDate: null,
}
const segments: StoredSegment[] = [
  { idx: 0, startMs: 0, endMs: 1500, text: ' Hello there.', speaker: null, confidence: 0.9 },
  {
    idx: 1,
    startMs: 3_725_001,
    endMs: 3_726_500,
    text: 'a --> b\n\nc',
    speaker: 'Alex',
    confidence: null,
  },
]

describe('transcript formats', () => {
  it('writes SubRip with numbered cues, comma milliseconds and hours past the first', () => {
    expect(formatTranscript(recording, segments, 'srt')).toBe(
      '1\n00:00:00,000 --> 00:00:01,500\nHello there.\n\n' +
        '2\n01:02:05,001 --> 01:02:06,500\nAlex: a → b\nc\n',
    )
  })

  it('writes WebVTT with its header and dot milliseconds, never a bare --> in cue text', () => {
    const vtt = formatTranscript(recording, segments, 'vtt')
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello there.\n')).toBe(true)
    expect(vtt.split('\n').filter((line) => line.includes('-->'))).toHaveLength(2)
  })

  it('writes plain text with timestamps and speakers, and JSON that parses back', () => {
    expect(formatTranscript(recording, segments, 'txt')).toContain('[01:02:05] Alex: a --> b')
    const json = JSON.parse(formatTranscript(recording, segments, 'json')) as {
      segments: unknown[]
    }
    expect(json.segments).toEqual([
      { startMs: 0, endMs: 1500, text: ' Hello there.', confidence: 0.9 },
      { startMs: 3_725_001, endMs: 3_726_500, text: 'a --> b\n\nc', speaker: 'Alex' },
    ])
  })
})

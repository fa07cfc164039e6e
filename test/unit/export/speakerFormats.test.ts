import { describe, expect, it } from 'vitest'
import { formatRttm } from '../../../src/core/export/formatRttm'
import { formatTranscript } from '../../../src/core/export/formatTranscript'
import { speakerTurns } from '../../../src/core/export/speakerTurns'
import type { RecordingRow, StoredSegment } from '../../../src/core/store/RecordingStore'

const recording: RecordingRow = {
  id: 'r1',
  title: 'Call',
  sourcePath: '/x.wav',
  sourceSha256: '0'.repeat(64),
  bytes: 1,
  container: 'wav',
  durationMs: 10_000,
  channels: 1,
  importedAt: '2026-01-01T00:00:00.000Z',
  status: 'done',
  progress: 100,
  errorCode: null,
  errorMessage: null,
  language: 'en',
  callDate: null,
}
const line = (idx: number, startMs: number, endMs: number, speaker: string | null, text: string) =>
  ({ idx, startMs, endMs, text, speaker, confidence: null }) satisfies StoredSegment

const segments = [
  line(0, 0, 1200, 'Speaker 1', 'Hello <there> & welcome.'),
  line(1, 1200, 1200, 'Speaker 2', 'Hi.'),
  line(2, 1250, 3000, 'Speaker 2', 'Good to be here.'),
  line(3, 4000, 4000, null, 'Hm.'),
]

describe('subtitles with speakers', () => {
  it('prefixes SubRip cues with the speaker and never writes a zero-length cue', () => {
    const srt = formatTranscript(recording, segments, 'srt')
    const cues = srt.trim().split('\n\n')
    expect(cues[0]).toBe('1\n00:00:00,000 --> 00:00:01,200\nSpeaker 1: Hello <there> & welcome.')
    // The zero-length line lasts until the next cue starts (50 ms), the last one 100 ms.
    expect(cues[1]).toBe('2\n00:00:01,200 --> 00:00:01,250\nSpeaker 2: Hi.')
    expect(cues[3]).toBe('4\n00:00:04,000 --> 00:00:04,100\nHm.')
    for (const cue of cues) {
      const [, times = ''] = cue.split('\n')
      const [from, to] = times.split(' --> ')
      expect(to).not.toBe(from)
    }
  })

  it('marks WebVTT cues with voice spans and escapes what would be markup', () => {
    const named = [...segments, line(4, 5000, 6000, 'A <b> & Co', 'x')]
    const vtt = formatTranscript(recording, named, 'vtt')
    expect(vtt).toContain(
      '00:00:00.000 --> 00:00:01.200\n<v Speaker 1>Hello &lt;there&gt; &amp; welcome.\n',
    )
    expect(vtt).toContain('00:00:01.200 --> 00:00:01.250\n<v Speaker 2>Hi.\n')
    expect(vtt).toContain('<v A &lt;b&gt; &amp; Co>x')
    expect(vtt).toContain('00:00:04.000 --> 00:00:04.100\nHm.\n')
  })
})

describe('speaker turns', () => {
  it('joins one speaker’s lines across short pauses and writes NIST RTTM', () => {
    const turns = speakerTurns(segments, { 'Speaker 2': 'Dana Lee' })
    expect(turns).toEqual([
      { startMs: 0, endMs: 1200, speaker: 'Speaker 1' },
      { startMs: 1250, endMs: 3000, speaker: 'Dana Lee' },
    ])
    expect(formatRttm('call 1', turns)).toBe(
      'SPEAKER call_1 1 0.000 1.200 <NA> <NA> Speaker_1 <NA> <NA>\n' +
        'SPEAKER call_1 1 1.250 1.750 <NA> <NA> Dana_Lee <NA> <NA>\n',
    )
  })

  it('follows each channel’s own activity for a two-channel recording, overlaps kept', () => {
    // 100 ms frames: left talks 0–2 s, right 1.5–3 s (half a second of cross-talk).
    const frames = 40
    const rms = new Float32Array(frames * 2)
    for (let f = 0; f < frames; f++) {
      rms[f * 2] = f < 20 ? 0.2 : 0.0005
      rms[f * 2 + 1] = f >= 15 && f < 30 ? 0.2 : 0.0005
    }
    const turns = speakerTurns([], { 'Speaker 1': 'You' }, { frameMs: 100, channels: 2, rms })
    expect(turns).toEqual([
      { startMs: 0, endMs: 2000, speaker: 'You' },
      { startMs: 1500, endMs: 3000, speaker: 'Speaker 2' },
    ])
  })

  it('adds the turns to the JSON export without changing its other fields', () => {
    const turns = speakerTurns(segments, {})
    const plain = JSON.parse(formatTranscript(recording, segments, 'json')) as object
    const withTurns = JSON.parse(formatTranscript(recording, segments, 'json', turns)) as {
      turns: unknown
    }
    expect(withTurns).toEqual({ ...plain, turns })
  })
})

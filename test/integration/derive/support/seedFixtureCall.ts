import { randomUUID } from 'node:crypto'
import type { RecordingStore } from '../../../../src/core/store/RecordingStore'
import { loadTranscript } from '../../../fixtures/transcripts/loadTranscript'

/**
 * A finished recording holding a fixture transcript, inserted straight into a real store (random
 * weights write random words, so derivation is tested on written text). The fixture's speaker
 * names become stable labels in order of appearance ('Speaker 1', …), as the diarizer writes them;
 * `texts` replaces the text of the given segments (to plant personal data).
 */
export function seedFixtureCall(
  recordings: RecordingStore,
  fixture: string,
  texts: Readonly<Record<number, string>> = {},
): { id: string; labels: Record<string, string> } {
  const { durationMs, segments } = loadTranscript(fixture)
  const labels: Record<string, string> = {}
  for (const segment of segments) {
    if (segment.speaker !== null && !(segment.speaker in labels)) {
      labels[segment.speaker] = `Speaker ${Object.keys(labels).length + 1}`
    }
  }
  const id = randomUUID()
  recordings.insert({
    id,
    title: `${fixture}.m4a`,
    sourcePath: `/calls/${fixture}.m4a`,
    sourceSha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    bytes: 1_000_000,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationMs,
    channels: 1,
    importedAt: '2026-03-04T10:00:00.000Z',
    status: 'done',
  })
  for (const segment of segments) {
    recordings.appendSegment(id, {
      startMs: segment.startMs,
      endMs: segment.endMs,
      text: texts[segment.idx] ?? segment.text,
      speaker: segment.speaker === null ? null : (labels[segment.speaker] ?? null),
      confidence: 0.9,
    })
  }
  return { id, labels }
}

import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/core/store/openDatabase'
import { buildUpload } from '../../../src/core/sync/buildUpload'
import { encodeUpload } from '../../../src/core/sync/encodeUpload'
import { readInstallId } from '../../../src/core/sync/readInstallId'
import { TranscriptUpload } from '../../../src/shared/upload'
import { useTempDir } from '../../support/tempDir'
import { openTestDb } from './support/openTestDb'
import { seedRecording } from './support/seedRecording'

const tempDir = useTempDir()
const open: Db[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

function setup() {
  const store = openTestDb(tempDir())
  open.push(store.db)
  const id = seedRecording(store.recordings, {
    title: 'Call with Jane Doe.m4a',
    sourcePath: '/Users/jane/Secret Calls/Call with Jane Doe.m4a',
  })
  const recording = store.recordings.get(id)
  if (!recording) throw new Error('seeded recording missing')
  return { ...store, id, recording, segments: store.recordings.segments(id) }
}

describe('buildUpload', () => {
  it('sends the call-quality figures rounded to their grids, never the verdict or its reasons', () => {
    const { recording, segments } = setup()
    const options = {
      installId: '00000000-0000-4000-8000-000000000000',
      appVersion: '0.1.0',
      includeTitle: false,
    }
    const derived = { summary: null, signals: [], metrics: null }
    const quality = {
      speechShare: 0.5836,
      loudnessDbfs: -21.6,
      clippingShare: 0.00049,
      snrDb: 60,
      overlapShare: 0.1249,
      meanConfidence: 0.8765,
      verdict: 'check-transcript' as const,
      reasons: ['People talk over each other in 12 % of the speech.'],
    }
    const upload = buildUpload(recording, segments, options, { ...derived, quality })
    expect(TranscriptUpload.parse(upload).quality).toEqual({
      speechShare: 0.58,
      loudnessDbfs: -22,
      clippingShare: 0,
      snrDb: 60,
      overlapShare: 0.12,
      meanConfidence: 0.88,
    })
    expect(JSON.stringify(upload)).not.toContain('talk over')
    // Not measured (imported before reports existed): the field is left out, as before.
    expect(
      buildUpload(recording, segments, options, { ...derived, quality: null }),
    ).not.toHaveProperty('quality')
  })

  it('puts times on the 10 ms grid inside the recording, never backwards, and rounds confidences', () => {
    const { recording } = setup()
    const odd = [
      { startMs: 1_234, endMs: 2_345, confidence: 0.87654 },
      { startMs: 1_201, endMs: 9_999, confidence: 0.5 },
    ].map((times, idx) => ({ ...times, idx, text: 'yes', speaker: null }))
    const upload = buildUpload(recording, odd, {
      installId: '00000000-0000-4000-8000-000000000000',
      appVersion: '0.1.0',
      includeTitle: false,
    })
    // 6,000 ms recording: the second line's end is held inside it, its start not before the first.
    expect(upload.segments.map((s) => [s.startMs, s.endMs, s.confidence])).toEqual([
      [1_230, 2_350, 0.88],
      [1_230, 6_000, 0.5],
    ])
  })

  it('sends the transcript under the random recording id and nothing of the file', () => {
    const { db, recording, segments, id } = setup()
    const installId = readInstallId(db)
    const upload = buildUpload(recording, segments, {
      installId,
      appVersion: '0.1.0',
      includeTitle: false,
    })
    expect(TranscriptUpload.parse(upload)).toEqual(upload)
    expect(upload).toMatchObject({
      schemaVersion: 1,
      recordingId: id,
      durationMs: 6000,
      createdAt: '2026-11-20T10:00:00.000Z',
      summary: null,
      signals: [],
      metrics: null,
      client: { appVersion: '0.1.0', installId },
    })
    expect(upload.segments.map((s) => s.text)).toEqual(segments.map((s) => s.text))
    const text = new TextDecoder().decode(encodeUpload(upload))
    for (const leak of ['Jane', 'Secret', '.m4a', '/Users', recording.sourceSha256]) {
      expect(text).not.toContain(leak)
    }
  })

  it('includes the title only when the user allowed it', () => {
    const { recording, segments, db } = setup()
    const upload = buildUpload(recording, segments, {
      installId: readInstallId(db),
      appVersion: '0.1.0',
      includeTitle: true,
    })
    expect(upload.title).toBe('Call with Jane Doe.m4a')
    expect(JSON.stringify(upload)).not.toContain('/Users')
  })

  it('gives the same bytes every time, so a re-upload is recognised as the same payload', () => {
    const { recording, segments, db } = setup()
    const options = { installId: readInstallId(db), appVersion: '0.1.0', includeTitle: false }
    expect(encodeUpload(buildUpload(recording, segments, options))).toEqual(
      encodeUpload(buildUpload(recording, segments, options)),
    )
  })

  it('keeps one install id per database', () => {
    const { db } = setup()
    const first = readInstallId(db)
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(readInstallId(db)).toBe(first)
  })
})

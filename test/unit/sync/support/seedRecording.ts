import { randomUUID } from 'node:crypto'
import type { RecordingStatus } from '../../../../src/shared/domain'
import type { RecordingStore } from '../../../../src/core/store/RecordingStore'

/** A finished recording with a short transcript, inserted straight into the store. */
export function seedRecording(
  recordings: RecordingStore,
  options: {
    status?: RecordingStatus
    title?: string
    sourcePath?: string
    texts?: string[]
    durationMs?: number
  } = {},
): string {
  const id = randomUUID()
  recordings.insert({
    id,
    title: options.title ?? 'Quarterly call with ACME.m4a',
    sourcePath: options.sourcePath ?? '/home/someone/Calls/Quarterly call with ACME.m4a',
    sourceSha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
    bytes: 123_456,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationMs: options.durationMs ?? 6_000,
    channels: 1,
    importedAt: '2026-11-20T10:00:00.000Z',
    status: options.status ?? 'done',
  })
  const texts = options.texts ?? ['Thanks for calling support.', 'I would like to cancel my order.']
  texts.forEach((text, i) => {
    recordings.appendSegment(id, {
      startMs: i * 2000,
      endMs: i * 2000 + 1800,
      text,
      speaker: null,
      confidence: 0.9,
    })
  })
  return id
}

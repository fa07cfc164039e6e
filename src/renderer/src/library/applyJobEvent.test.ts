import { describe, expect, it } from 'vitest'
import type { RecordingView } from '../../../shared/api'
import { applyJobEvent } from './applyJobEvent'

const queued: RecordingView = {
  id: 'r1',
  title: 'call',
  status: 'queued',
  durationMs: 6000,
  container: 'mp4',
  importedAt: '2025-01-01T00:00:00.000Z',
  error: null,
  progress: 0,
  language: null,
  format: 'MP4',
  callDate: null,
  speakerCount: null,
  signalCount: null,
  quality: null,
}

describe('applyJobEvent', () => {
  it('moves status and progress forward, never back', () => {
    let list = applyJobEvent([queued], {
      type: 'status',
      recordingId: 'r1',
      status: 'transcribing',
    })
    list = applyJobEvent(list ?? [], { type: 'progress', recordingId: 'r1', percent: 40 })
    list = applyJobEvent(list ?? [], { type: 'progress', recordingId: 'r1', percent: 30 })
    expect(list).toEqual([
      { ...queued, status: 'transcribing', progress: 40, queuePosition: null, secondsLeft: null },
    ])
  })

  it('carries time left while it runs, then how long it took', () => {
    const waiting = { ...queued, queuePosition: 2 }
    let list = applyJobEvent([waiting], {
      type: 'progress',
      recordingId: 'r1',
      percent: 10,
      secondsLeft: 54,
    })
    expect(list?.[0]).toMatchObject({ queuePosition: null, secondsLeft: 54, progress: 10 })
    list = applyJobEvent(list ?? [], {
      type: 'progress',
      recordingId: 'r1',
      percent: 50,
      secondsLeft: 20,
    })
    expect(list?.[0]).toMatchObject({ secondsLeft: 20, progress: 50 })
    list = applyJobEvent(list ?? [], {
      type: 'finished',
      recordingId: 'r1',
      status: 'done',
      error: null,
      processingMs: 1500,
    })
    expect(list?.[0]).toMatchObject({
      status: 'done',
      progress: 100,
      secondsLeft: null,
      processingMs: 1500,
    })
  })

  it('keeps a failure’s message for the row', () => {
    const error = { code: 'not-media', message: 'call.mp4 is not an audio or video file.' }
    expect(
      applyJobEvent([queued], { type: 'finished', recordingId: 'r1', status: 'failed', error }),
    ).toEqual([{ ...queued, status: 'failed', error, secondsLeft: null, processingMs: null }])
  })

  it('asks for a fresh list when the recording is not listed yet', () => {
    expect(
      applyJobEvent([queued], { type: 'progress', recordingId: 'other', percent: 1 }),
    ).toBeNull()
  })
})

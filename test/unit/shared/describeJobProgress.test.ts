import { describe, expect, it } from 'vitest'
import { describeJobProgress } from '../../../src/shared/describeJobProgress'

const job = { progress: 0, durationMs: 600_000 }

describe('describeJobProgress', () => {
  it('names the place in the queue', () => {
    expect(describeJobProgress({ ...job, status: 'queued', queuePosition: 1 })).toBe(
      'next in the queue',
    )
    expect(describeJobProgress({ ...job, status: 'queued', queuePosition: 2 })).toBe(
      '2nd in the queue',
    )
    expect(describeJobProgress({ ...job, status: 'queued', queuePosition: 13 })).toBe(
      '13th in the queue',
    )
    expect(describeJobProgress({ ...job, status: 'queued', queuePosition: 23 })).toBe(
      '23rd in the queue',
    )
  })

  it('shows percent, then time left once estimated', () => {
    expect(describeJobProgress({ ...job, status: 'transcribing', progress: 42.7 })).toBe('42%')
    expect(
      describeJobProgress({ ...job, status: 'transcribing', progress: 42.7, secondsLeft: 75 }),
    ).toBe('42% · about 1 min left')
  })

  it('says how long a finished job took and its speed against the audio', () => {
    expect(describeJobProgress({ ...job, status: 'done', processingMs: 125_000 })).toBe(
      'took 2:05 · 4.8× realtime',
    )
    expect(describeJobProgress({ ...job, status: 'done', processingMs: null })).toBe('')
    expect(describeJobProgress({ ...job, status: 'failed', processingMs: 5 })).toBe('')
  })
})

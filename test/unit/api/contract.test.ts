import { describe, expect, it } from 'vitest'
import { exportFormats as coreFormats } from '../../../src/core/export/formatTranscript'
import { api, JobEvent, transcriptFormats } from '../../../src/shared/api'
import { channelNames } from '../../../src/shared/channels'

describe('the API contract', () => {
  it('lists the same channels for the zod-free preload as the schema map defines', () => {
    expect([...channelNames].sort()).toEqual(Object.keys(api).sort())
  })

  it('offers the export formats the core can write', () => {
    expect([...transcriptFormats]).toEqual([...coreFormats])
  })

  it('describes job events as payloads only', () => {
    const event = {
      type: 'segment',
      recordingId: 'r1',
      segment: { idx: 0, startMs: 0, endMs: 900, text: 'hello', sourcePath: '/x' },
    }
    expect(JobEvent.parse(event)).toEqual({
      type: 'segment',
      recordingId: 'r1',
      segment: { idx: 0, startMs: 0, endMs: 900, text: 'hello' },
    })
  })
})

import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import type { TranscriptLine } from '../../../src/shared/api'
import type { RecordingStatus } from '../../../src/shared/domain'
import type { RecordingDerived, SpeakerView } from '../../../src/shared/derivedViews'
import { appendLines, useApiCore, valueOf } from './support/apiCore'

const setup = useApiCore()

const DONE_ID = '0b6f7c2e-4a57-4d6e-9f0a-0000000000e1'
const BUSY_ID = '0b6f7c2e-4a57-4d6e-9f0a-0000000000e2'

const lines = [
  { speaker: 'Speaker 1', text: 'Thanks for joining today, how is the rollout going?' },
  { speaker: 'Speaker 2', text: 'Our budget is approved for the next quarter.' },
  { speaker: 'Speaker 3', text: 'And we would love an export to spreadsheets.' },
]

function seed(core: Core, id: string, status: RecordingStatus): void {
  core.recordings.insert({
    id,
    title: 'call.m4a',
    sourcePath: `/calls/${id}.m4a`,
    sourceSha256: id.padEnd(64, '0'),
    bytes: 1000,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationMs: lines.length * 2000,
    channels: 1,
    importedAt: '2026-01-06T10:00:00.000Z',
    status,
  })
  appendLines(core, id, lines)
  if (status === 'done') core.rederive(id)
}

describe('moving a line to another speaker', () => {
  it('stores the new speaker and derives the per-speaker metrics and signals again', async () => {
    const { core, service } = setup()
    seed(core, DONE_ID, 'done')
    const moved = valueOf<TranscriptLine>(
      await service.dispatch('segments.setSpeaker', {
        id: DONE_ID,
        idx: 1,
        speaker: ' Speaker 1 ',
      }),
    )
    expect(moved).toMatchObject({ idx: 1, speaker: 'Speaker 1', text: lines[1]?.text })
    expect(core.recordings.segments(DONE_ID).map((s) => s.speaker)).toEqual([
      'Speaker 1',
      'Speaker 1',
      'Speaker 3',
    ])
    const derived = valueOf<RecordingDerived>(
      await service.dispatch('recordings.derived', { id: DONE_ID }),
    )
    expect(Object.keys(derived.metrics?.talkRatio ?? {}).sort()).toEqual(['Speaker 1', 'Speaker 3'])
    expect(derived.signals.find((s) => s.tracker === 'budget')?.speaker).toBe('Speaker 1')
  })

  it('refuses a line of an unfinished transcript, a missing line and an empty speaker', async () => {
    const { core, service } = setup()
    seed(core, DONE_ID, 'done')
    seed(core, BUSY_ID, 'transcribing')
    await expect(
      service.dispatch('segments.setSpeaker', { id: BUSY_ID, idx: 0, speaker: 'Speaker 2' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'not-editable' } })
    await expect(
      service.dispatch('segments.setSpeaker', { id: DONE_ID, idx: 9, speaker: 'Speaker 2' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'segment-not-found' } })
    await expect(
      service.dispatch('segments.setSpeaker', { id: DONE_ID, idx: 0, speaker: '   ' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(core.recordings.segments(BUSY_ID).map((s) => s.speaker)).toEqual(
      lines.map((l) => l.speaker),
    )
  })
})

describe('merging two speakers', () => {
  it('moves every line of one label to the other, which keeps its name in every export', async () => {
    const { core, service } = setup()
    seed(core, DONE_ID, 'done')
    await service.dispatch('speakers.rename', { id: DONE_ID, label: 'Speaker 2', name: 'Dana' })
    const speakers = valueOf<SpeakerView[]>(
      await service.dispatch('speakers.merge', {
        id: DONE_ID,
        from: 'Speaker 3',
        into: 'Speaker 2',
      }),
    )
    expect(speakers).toEqual([
      { label: 'Speaker 1', name: null },
      { label: 'Speaker 2', name: 'Dana' },
    ])
    expect(core.recordings.segments(DONE_ID).map((s) => s.speaker)).toEqual([
      'Speaker 1',
      'Speaker 2',
      'Speaker 2',
    ])
    const derived = valueOf<RecordingDerived>(
      await service.dispatch('recordings.derived', { id: DONE_ID }),
    )
    // Metrics are keyed by label (the screen applies names); the merged label is gone.
    expect(Object.keys(derived.metrics?.talkRatio ?? {}).sort()).toEqual(['Speaker 1', 'Speaker 2'])
    const rttm = valueOf<string>(
      await service.dispatch('transcript.export', { id: DONE_ID, format: 'rttm' }),
    )
    expect(
      rttm
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[7]),
    ).toEqual(['Speaker_1', 'Dana'])
  })
})

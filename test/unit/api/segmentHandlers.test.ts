import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import type { ApiService } from '../../../src/core/api/createApiHandlers'
import type { SearchResult, TranscriptLine } from '../../../src/shared/api'
import type { RecordingStatus } from '../../../src/shared/domain'
import type { RecordingDerived } from '../../../src/shared/derivedViews'
import { appendLines, useApiCore, valueOf } from './support/apiCore'
import { readableBytes } from '../../integration/deletion/support/findInFiles'
import { dataFolderKey } from '../../support/openDataFolderDatabase'

const setup = useApiCore()

const DONE_ID = '0b6f7c2e-4a57-4d6e-9f0a-0000000000d1'
const BUSY_ID = '0b6f7c2e-4a57-4d6e-9f0a-0000000000b2'

const lines = [
  { speaker: 'Speaker 1', text: 'Thanks for joining today, how is the rollout going?' },
  { speaker: 'Speaker 2', text: 'We are happy with the current setup for now.' },
  { speaker: 'Speaker 1', text: 'Great, let us talk again next month.' },
]

/** Fixture data: a recording with three lines, two seconds apart, derived as a job would. */
function seed(core: Core, id: string, status: RecordingStatus): void {
  core.recordings.insert({
    id,
    title: `call ${id.slice(-2)}.m4a`,
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

const searchHits = async (service: ApiService, q: string) =>
  valueOf<SearchResult>(await service.dispatch('recordings.search', { q })).hits.map((h) => [
    h.recordingId,
    h.segmentIdx,
  ])

describe('segments.edit', () => {
  it('leaves the replaced wording in no file of the data folder (db, WAL, index pages)', async () => {
    const { core, service } = setup()
    seed(core, DONE_ID, 'done')
    const misheard = 'quokkamisheardsurname'
    await service.dispatch('segments.edit', { id: DONE_ID, idx: 1, text: `Ask ${misheard} today.` })
    const dataFiles = () =>
      readdirSync(core.options.dataDir)
        .filter((name) => name.startsWith('earshot.db'))
        .map((name) =>
          readableBytes(join(core.options.dataDir, name), dataFolderKey(core.options.dataDir)),
        )
    expect(dataFiles().some((bytes) => bytes.includes(misheard))).toBe(true)

    await service.dispatch('segments.edit', { id: DONE_ID, idx: 1, text: 'Ask the manager today.' })
    expect(dataFiles().some((bytes) => bytes.includes(misheard))).toBe(false)
  })

  it('saves the trimmed text, moves search to the new words, and derives the call again', async () => {
    const { core, service } = setup()
    seed(core, DONE_ID, 'done')
    const derived = async () =>
      valueOf<RecordingDerived>(await service.dispatch('recordings.derived', { id: DONE_ID }))
    const before = await derived()
    expect(before.signals.map((s) => s.tracker)).not.toContain('budget')

    const edited = valueOf<TranscriptLine>(
      await service.dispatch('segments.edit', {
        id: DONE_ID,
        idx: 1,
        text: '  Our budget is approved for the next quarter.  ',
      }),
    )
    expect(edited).toEqual({
      idx: 1,
      startMs: 2000,
      endMs: 3800,
      speaker: 'Speaker 2',
      confidence: 0.9,
      text: 'Our budget is approved for the next quarter.',
    })
    expect(core.recordings.segments(DONE_ID).map((s) => s.text)).toEqual([
      lines[0]?.text,
      'Our budget is approved for the next quarter.',
      lines[2]?.text,
    ])

    expect(await searchHits(service, 'budget')).toEqual([[DONE_ID, 1]])
    expect(await searchHits(service, 'setup')).toEqual([])
    // The untouched lines are still found as before.
    expect(await searchHits(service, 'rollout')).toEqual([[DONE_ID, 0]])

    const after = await derived()
    expect(after.signals).toContainEqual(
      expect.objectContaining({
        tracker: 'budget',
        segmentIdx: 1,
        quote: expect.stringContaining('budget is approved') as string,
      }),
    )
    expect(after.metrics).not.toEqual(before.metrics)
  })

  it('refuses empty, over-long and control-character text with invalid-input, storing nothing', async () => {
    const { core, service } = setup()
    seed(core, DONE_ID, 'done')
    const attempts: [string, RegExp][] = [
      ['   ', /cannot be empty/],
      ['x'.repeat(4001), /at most 4000 characters/],
      ['two\nlines', /control characters or line breaks/],
      ['bell \u0007 here', /control characters/],
      ['broken \uFFFD byte', /control characters/],
      ['lone \uD800 surrogate', /control characters/],
    ]
    for (const [text, message] of attempts) {
      const result = await service.dispatch('segments.edit', { id: DONE_ID, idx: 0, text })
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
      expect(result.ok ? '' : result.error.message).toMatch(message)
    }
    // The longest allowed line, with characters outside the BMP, is fine.
    const longest = 'é'.repeat(3998) + '😀'
    await expect(
      service.dispatch('segments.edit', { id: DONE_ID, idx: 0, text: longest }),
    ).resolves.toMatchObject({ ok: true, value: { text: longest } })
    await expect(
      service.dispatch('segments.edit', { id: DONE_ID, idx: -1, text: 'hello' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(core.recordings.segments(DONE_ID).map((s) => s.text)).toEqual([
      longest,
      lines[1]?.text,
      lines[2]?.text,
    ])
  })

  it('refuses a recording that is still being transcribed, leaving text and index alone', async () => {
    const { core, service } = setup()
    seed(core, BUSY_ID, 'transcribing')
    const result = await service.dispatch('segments.edit', {
      id: BUSY_ID,
      idx: 1,
      text: 'Our budget is approved.',
    })
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'not-editable',
        message:
          'This recording is still being transcribed; its lines can be edited once it is done.',
      },
    })
    expect(core.recordings.segments(BUSY_ID)[1]?.text).toBe(lines[1]?.text)
    expect(await searchHits(service, 'budget')).toEqual([])
    expect(await searchHits(service, 'setup')).toEqual([[BUSY_ID, 1]])
    // Derivation waits for the job: nothing was derived for the unfinished transcript.
    expect(core.derived.derived(BUSY_ID).signals).toEqual([])

    core.recordings.setStatus(BUSY_ID, 'failed', { code: 'engine-crashed', message: 'x' })
    await expect(
      service.dispatch('segments.edit', { id: BUSY_ID, idx: 1, text: 'Our budget.' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'not-editable' } })
  })

  it('refuses an unknown recording or line', async () => {
    const { core, service } = setup()
    seed(core, DONE_ID, 'done')
    await expect(
      service.dispatch('segments.edit', { id: 'nope', idx: 0, text: 'hello' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } })
    await expect(
      service.dispatch('segments.edit', { id: DONE_ID, idx: 3, text: 'hello' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'segment-not-found' } })
  })
})

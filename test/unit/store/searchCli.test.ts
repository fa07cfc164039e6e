import { describe, expect, it } from 'vitest'
import { DerivedStore } from '../../../src/core/store/DerivedStore'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { runCliCaptured } from '../../support/runCliCaptured'
import { recordingRow } from '../../support/recordingRow'
import { useTempDir } from '../../support/tempDir'
import { openDataFolderDatabase } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()

function seed(): string {
  const dataDir = tempDir()
  const db = openDataFolderDatabase(dataDir)
  const recordings = new RecordingStore(db)
  for (const [id, day] of [
    ['feb', '2025-02-03'],
    ['mar', '2025-03-03'],
  ] as const) {
    recordings.insert(
      recordingRow(id, { bytes: 1, durationMs: 1000, importedAt: `${day}T09:00:00.000Z` }),
    )
    recordings.appendSegment(id, {
      startMs: 0,
      endMs: 900,
      text: 'pricing for Acme',
      speaker: 'Speaker 1',
      confidence: null,
    })
  }
  new DerivedStore(db).renameSpeaker('mar', 'Speaker 1', 'Customer')
  db.close()
  return dataDir
}

describe('earshot search', () => {
  it('keeps the --json array of hits, adding speaker and ranked, and applies every filter', async () => {
    const dataDir = seed()
    const run = (args: string[]) =>
      runCliCaptured(['search', ...args, '--json', '--data-dir', dataDir])
    const all = await run(['pricing'])
    expect(all.code).toBe(0)
    const hits = JSON.parse(all.stdout) as Record<string, unknown>[]
    expect(hits).toHaveLength(2)
    expect(hits.find((hit) => hit.recordingId === 'feb')).toMatchObject({
      title: 'call feb',
      snippet: '[pricing] for Acme',
      speaker: 'Speaker 1',
      ranked: true,
    })

    const ids = async (args: string[]) =>
      (JSON.parse((await run(args)).stdout) as { recordingId: string }[]).map((h) => h.recordingId)
    expect(await ids(['pricing', '--to', '2025-02-03'])).toEqual(['feb'])
    expect(await ids(['pricing', '--from', '2025-03-01'])).toEqual(['mar'])
    expect(await ids(['pricing', '--speaker', 'customer'])).toEqual(['mar'])
    expect(await ids(['pricing', '--tracker', 'competitor'])).toEqual([])
  })

  it('answers a malformed date with a usage error', async () => {
    const dataDir = seed()
    const result = await runCliCaptured([
      'search',
      'pricing',
      '--from',
      'yesterday',
      '--data-dir',
      dataDir,
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--from takes a date/)
  })
})

import { describe, expect, it } from 'vitest'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedRecording } from '../sync/support/seedRecording'
import { openDataFolderDatabase } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()

function seeded(): { dataDir: string; id: string } {
  const dataDir = tempDir()
  const db = openDataFolderDatabase(dataDir)
  try {
    const recordings = new RecordingStore(db)
    const id = seedRecording(recordings, { texts: ['Hello there.', 'Hi.', 'How is it going?'] })
    recordings.setSpeakers(id, [
      { idx: 0, speaker: 'Speaker 1' },
      { idx: 1, speaker: 'Speaker 2' },
      { idx: 2, speaker: 'Speaker 3' },
    ])
    return { dataDir, id }
  } finally {
    db.close()
  }
}

describe('earshot speakers', () => {
  it('moves a line and merges two speakers, which show --format rttm and srt then reflect', async () => {
    const { dataDir, id } = seeded()
    const cli = (...args: string[]) => runCliCaptured([...args, '--data-dir', dataDir])
    expect((await cli('speakers', 'move', id, '1', 'Speaker 1')).code).toBe(0)
    const merged = await runCliCaptured([
      '--json',
      '--data-dir',
      dataDir,
      'speakers',
      'merge',
      id,
      'Speaker 3',
      'Speaker 1',
    ])
    expect(merged.code).toBe(0)
    expect(JSON.parse(merged.stdout)).toEqual({ from: 'Speaker 3', into: 'Speaker 1', lines: 1 })

    const rttm = await cli('show', id, '--format', 'rttm')
    expect(rttm.code).toBe(0)
    // One speaker now: lines at 0–1.8 s, 2–3.8 s and 4–5.8 s, 200 ms apart, are one turn.
    expect(rttm.stdout).toBe(`SPEAKER ${id} 1 0.000 5.800 <NA> <NA> Speaker_1 <NA> <NA>\n`)
    const srt = await cli('show', id, '--format', 'srt')
    expect(srt.stdout).toContain('00:00:02,000 --> 00:00:03,800\nSpeaker 1: Hi.')
  })

  it('refuses a line number that is not one, with a usage error', async () => {
    const { dataDir, id } = seeded()
    const result = await runCliCaptured([
      '--data-dir',
      dataDir,
      'speakers',
      'move',
      id,
      'first',
      'Speaker 2',
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/line number/)
  })
})

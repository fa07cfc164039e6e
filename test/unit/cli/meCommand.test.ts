import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { GaussianStats } from '../../../src/core/derive/speakers/GaussianStats'
import { runCliCaptured } from '../../support/runCliCaptured'
import { recordingRow } from '../../support/recordingRow'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

/** `frames` 13-coefficient frames around a mean of speaker `k`'s own. */
function voiceOf(k: number, frames: number): GaussianStats {
  const stats = new GaussianStats(13)
  for (let f = 0; f < frames; f++) {
    stats.addVector(
      Array.from({ length: 13 }, (_, d) => 4 * Math.sin(d * (k + 1)) + Math.cos(f + d)),
    )
  }
  return stats
}

/** One finished recording whose speakers' voices are stored as its job leaves them. */
async function seed(): Promise<string> {
  const dataDir = tempDir()
  const core = new Core({ dataDir, env: { ...process.env } })
  core.recordings.insert(recordingRow('aaa111'))
  core.voices.saveSpeakerVoices('aaa111', [
    { label: 'Speaker 1', stats: voiceOf(0, 1500) },
    { label: 'Speaker 2', stats: voiceOf(1, 120) },
  ])
  await core.dispose()
  return dataDir
}

describe('earshot me', () => {
  it('sets the profile from a speaker, shows it without its features, and forgets it', async () => {
    const dataDir = await seed()
    const run = (args: string[]) => runCliCaptured([...args, '--data-dir', dataDir])
    const show = async () =>
      JSON.parse((await run(['me', 'show', '--json'])).stdout) as { profile: unknown }

    expect(await show()).toEqual({ profile: null })
    expect(await run(['me', 'set', 'aaa', '--speaker', 'Speaker 1'])).toMatchObject({
      code: 0,
      stdout: 'Speaker 1 of aaa111 is now you (15 s of speech).\n',
    })
    const { profile } = await show()
    expect(profile).toEqual({
      sourceRecordingId: 'aaa111',
      sourceLabel: 'Speaker 1',
      createdAt: expect.any(String) as string,
      speechSeconds: 15,
    })
    expect((await run(['me', 'show'])).stdout).toMatch(
      /^Your voice: Speaker 1 of recording aaa111, 15 s/,
    )
    // The marked speaker is "You" in that recording.
    const core = new Core({ dataDir, env: { ...process.env } })
    expect(core.derived.speakerNames('aaa111')).toEqual({ 'Speaker 1': 'You' })
    await core.dispose()

    expect(JSON.parse((await run(['me', 'forget', '--json'])).stdout)).toEqual({ forgotten: true })
    expect(await show()).toEqual({ profile: null })
    expect(JSON.parse((await run(['me', 'forget', '--json'])).stdout)).toEqual({ forgotten: false })
  })

  it('refuses a speaker with too little speech, an unknown speaker and a bad call, in one line', async () => {
    const dataDir = await seed()
    const run = (args: string[]) => runCliCaptured([...args, '--data-dir', dataDir])
    const short = await run(['me', 'set', 'aaa111', '--speaker', 'Speaker 2'])
    expect(short.code).toBe(1)
    expect(short.stderr).toMatch(/^earshot: 'Speaker 2' speaks too little in this recording/)
    const unknown = await run(['me', 'set', 'aaa111', '--speaker', 'Speaker 9'])
    expect(unknown).toMatchObject({
      code: 1,
      stderr:
        "earshot: This recording keeps no voice features for 'Speaker 9'; import it again to get them.\n",
    })
    expect((await run(['me', 'set', 'aaa111'])).code).toBe(2)
    expect((await run(['me', 'show', 'aaa111'])).code).toBe(2)
    expect((await run(['me'])).code).toBe(2)
  })
})

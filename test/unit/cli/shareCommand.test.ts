import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { runCliCaptured } from '../../support/runCliCaptured'
import { recordingRow } from '../../support/recordingRow'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

async function seed(): Promise<string> {
  const dataDir = tempDir()
  const core = new Core({ dataDir, env: { ...process.env } })
  core.recordings.insert(recordingRow('aaa111'))
  core.recordings.insert(recordingRow('bbb222'))
  await core.dispose()
  return dataDir
}

describe('earshot share', () => {
  it('marks recordings by id prefix, lists them, unmarks them, and forgets them with the recording', async () => {
    const dataDir = await seed()
    const run = (args: string[]) => runCliCaptured([...args, '--data-dir', dataDir])
    const list = async () =>
      (JSON.parse((await run(['share', '--list', '--json'])).stdout) as { shareable: string[] })
        .shareable

    expect(await list()).toEqual([])
    expect(await run(['share', 'aaa', 'bbb'])).toMatchObject({
      code: 0,
      stdout: 'aaa111 shareable\nbbb222 shareable\n',
    })
    expect(await list()).toEqual(['aaa111', 'bbb222'])
    expect((await run(['share', 'bbb', '--off'])).code).toBe(0)
    expect(await list()).toEqual(['aaa111'])
    expect((await run(['delete', 'aaa111'])).code).toBe(0)
    expect(await list()).toEqual([])
  })

  it('answers a missing id and a missing argument in one line', async () => {
    const dataDir = await seed()
    const missing = await runCliCaptured(['share', 'zzz', '--data-dir', dataDir])
    expect(missing).toMatchObject({ code: 1, stderr: "earshot: No recording has the id 'zzz'.\n" })
    const bare = await runCliCaptured(['share', '--data-dir', dataDir])
    expect(bare.code).toBe(2)
    expect(bare.stderr).toBe('earshot: name the recordings: share <id>… [--off]\n')
  })
})

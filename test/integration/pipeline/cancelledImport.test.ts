import { describe, expect, it } from 'vitest'
import { ensureLongMp4 } from '../../support/mediaFixtures'
import { spawnCli } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../transcribe/support/fixtures'

const tempDir = useTempDir()

describe('earshot import, cancelled with Ctrl-C (real ffmpeg, real whisper.cpp)', () => {
  it(
    'prints no id on stdout, says so on stderr and exits non-zero',
    { timeout: 120_000 },
    async () => {
      const [modelPath, longFile] = await Promise.all([microModel(), ensureLongMp4(2)])
      const child = spawnCli(['import', longFile, '--model', modelPath, '--data-dir', tempDir()])
      let stdout = ''
      let stderr = ''
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
      // The first progress line on stderr means the job runs: interrupt it then, as a person would.
      child.stderr?.on('data', (chunk: Buffer) => {
        if (stderr === '') child.kill('SIGINT')
        stderr += chunk.toString('utf8')
      })
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
      expect(stderr).toContain(`earshot: ${longFile}: import cancelled`)
      expect(stdout).toBe('')
      expect(code).not.toBe(0)
    },
  )
})

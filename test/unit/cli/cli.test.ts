import { describe, expect, it } from 'vitest'
import { splitGlobalFlags } from '../../../src/cli/splitGlobalFlags'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

describe('global flags', () => {
  it('are taken from anywhere on the line, and stop at --', () => {
    expect(splitGlobalFlags(['list', '--json', '--data-dir', '/d'])).toEqual({
      flags: { dataDir: '/d', json: true, help: false },
      rest: ['list'],
    })
    expect(splitGlobalFlags(['--data-dir=/x', 'show', '--', '--json']).rest).toEqual([
      'show',
      '--',
      '--json',
    ])
  })
})

describe('the earshot command', () => {
  it('exits 2 with usage on stderr when no command is given', async () => {
    const result = await runCliCaptured([])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Usage: earshot')
  })

  it('exits 2 with one line for an unknown command or flag', async () => {
    const unknown = await runCliCaptured(['frobnicate', '--data-dir', tempDir()])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    const badFlag = await runCliCaptured(['list', '--bogus', '--data-dir', tempDir()])
    expect(badFlag.code).toBe(2)
  })

  it('prints errors as one JSON object with a stable code under --json', async () => {
    const result = await runCliCaptured(['show', 'nope', '--json', '--data-dir', tempDir()])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stderr)).toEqual({
      error: { code: 'not-found', message: "No recording has the id 'nope'." },
    })
  })

  it('stores settings per data folder, typed and validated', async () => {
    const dataDir = tempDir()
    expect(
      (await runCliCaptured(['config', 'set', 'jobs.concurrency', '2', '--data-dir', dataDir]))
        .code,
    ).toBe(0)
    const read = await runCliCaptured(['config', 'get', 'jobs.concurrency', '--json'], {
      EARSHOT_DATA_DIR: dataDir,
    })
    expect(JSON.parse(read.stdout)).toEqual({ 'jobs.concurrency': 2 })
    const prompt = await runCliCaptured([
      'config',
      'set',
      'transcribe.initialPrompt',
      'true',
      '--data-dir',
      dataDir,
    ])
    expect(prompt.stdout).toBe('transcribe.initialPrompt = "true"\n')
    const invalid = await runCliCaptured([
      'config',
      'set',
      'jobs.concurrency',
      'lots',
      '--data-dir',
      dataDir,
    ])
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toContain('jobs.concurrency')
    const unknownKey = await runCliCaptured(['config', 'get', 'no.such', '--data-dir', dataDir])
    expect(unknownKey.code).toBe(2)
  })

  it('lists nothing in a new data folder and says how to start', async () => {
    const human = await runCliCaptured(['list', '--data-dir', tempDir()])
    expect(human).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('earshot import') as string,
    })
    const machine = await runCliCaptured(['list', '--json', '--data-dir', tempDir()])
    expect(JSON.parse(machine.stdout)).toEqual([])
  })

  it('refuses to import without a model, before touching any file', async () => {
    const result = await runCliCaptured([
      'import',
      '/nonexistent.mp4',
      '--data-dir',
      tempDir(),
      '--json',
    ])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'no-model' } })
  })
})

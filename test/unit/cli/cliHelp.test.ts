import { describe, expect, it } from 'vitest'
import { closestMatch, editDistance } from '../../../src/cli/closestMatch'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

const commandNames = [
  'import',
  'list',
  'show',
  'search',
  'signals',
  'speakers',
  'me',
  'call-date',
  'config',
  'model',
  'upload',
  'delete',
  'export',
  'audit',
  'backend',
  'web',
  'mcp',
  'share',
]

describe('per-command help', () => {
  it.each(commandNames)(
    '%s has its own help, the same by --help and by help <cmd>',
    async (name) => {
      const byFlag = await runCliCaptured([name, '--help'])
      const byWord = await runCliCaptured(['help', name])
      expect(byFlag.code).toBe(0)
      expect(byFlag.stdout).toBe(byWord.stdout)
      expect(byFlag.stdout).toMatch(new RegExp(`^Usage: earshot ${name}\\b`))
      expect(byFlag.stdout).toContain(`Examples:\n  earshot ${name}`)
      expect(byFlag.stdout).not.toContain('Commands:')
    },
  )

  it('lists every flag import accepts, each with a description', async () => {
    const { stdout } = await runCliCaptured(['import', '--help'])
    for (const flag of ['--model', '--language', '--threads', '--prompt']) {
      expect(stdout).toMatch(new RegExp(`^  ${flag} \\S+ +\\S.*$`, 'm'))
    }
  })

  it('keeps the overview for bare help, and suggests a command for help <typo>', async () => {
    expect((await runCliCaptured(['help'])).stdout).toContain('Commands:')
    const typo = await runCliCaptured(['help', 'shwo'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('Did you mean "show"?')
  })
})

describe('usage mistakes', () => {
  it('suggests the nearest command for a typo, and nothing for a stranger', async () => {
    const typo = await runCliCaptured(['lsit', '--data-dir', tempDir()])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toBe(
      `earshot: unknown command 'lsit' (see earshot --help). Did you mean "list"?\n`,
    )
    const stranger = await runCliCaptured(['frobnicate', '--data-dir', tempDir()])
    expect(stranger.code).toBe(2)
    expect(stranger.stderr).not.toContain('Did you mean')
  })

  it('names an unknown flag, the flags accepted and the nearest one, in one line', async () => {
    const result = await runCliCaptured([
      'import',
      'a.wav',
      '--modle',
      'm.bin',
      '--data-dir',
      tempDir(),
    ])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toBe(
      'earshot: import does not know the flag --modle; it accepts only --model, --language, ' +
        '--threads, --prompt (see earshot import --help). Did you mean "--model"?\n',
    )
    const none = await runCliCaptured(['list', '--bogus', '--data-dir', tempDir()])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('list does not know the flag --bogus; it accepts no flags')
  })

  it('keeps the usage code and one JSON object under --json', async () => {
    const result = await runCliCaptured([
      'show',
      'x',
      '--fromat',
      'srt',
      '--json',
      '--data-dir',
      tempDir(),
    ])
    expect(result.code).toBe(2)
    const { error } = JSON.parse(result.stderr) as { error: { code: string; message: string } }
    expect(error.code).toBe('usage')
    expect(error.message).toContain('Did you mean "--format"?')
  })
})

describe('other flag mistakes', () => {
  it('say in one sentence what is wrong, still with the usage code', async () => {
    const dataDir = tempDir()
    const missing = await runCliCaptured(['import', 'a.wav', '--model', '--data-dir', dataDir])
    expect(missing).toMatchObject({ code: 2, stdout: '' })
    expect(missing.stderr).toBe('earshot: --model needs a value (see earshot import --help).\n')
    const extra = await runCliCaptured(['list', 'foo', '--data-dir', dataDir])
    expect(extra.code).toBe(2)
    expect(extra.stderr).toBe(
      "earshot: list takes no arguments, only flags; 'foo' is not one (see earshot list --help).\n",
    )
    const valued = await runCliCaptured(['upload', '--all=yes', '--data-dir', dataDir])
    expect(valued.code).toBe(2)
    expect(valued.stderr).toContain('--all is a switch and takes no value')
  })
})

describe('the flags each help lists', () => {
  it('are exactly the flags the command parses (checked against a real parse)', async () => {
    // Every listed flag of `search` must be accepted by the command's own parser: an unknown one
    // would come back as the "does not know the flag" sentence instead of some other error.
    const { stdout } = await runCliCaptured(['search', '--help'])
    const listed = [...stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1] ?? '')
    expect(listed).toEqual(['--limit', '--from', '--to', '--speaker', '--tracker'])
    for (const flag of listed) {
      const result = await runCliCaptured(['search', flag, '--data-dir', tempDir()])
      expect(result.stderr).not.toContain('does not know the flag')
    }
  })
})

describe('closestMatch', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('lsit', 'list')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('returns null when nothing is near', () => {
    expect(closestMatch('zzz', ['list', 'show'])).toBeNull()
    expect(closestMatch('--limt', ['--limit', '--from'])).toBe('--limit')
  })
})

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../support/paths'

// Red team, issue 9: on main the CLI installed its tripwire after its modules had loaded (211
// dependency modules ran first; 1.4–2.2 s in which connections got out), and the whisper worker
// installed none. Each entry now imports its tripwire first; this runs the real entry points with
// a probe that records, for every dependency module executed, whether the tripwire was in place.

const probe = join(import.meta.dirname, 'support', 'loadOrderProbe.cjs')
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
const dataDir = mkdtempSync(join(tmpdir(), 'earshot-order-'))
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

/** tsx's own loader runs before anything of Earshot's can; it is the runtime, not a dependency. */
const loader = /[/\\]node_modules[/\\](?:tsx|esbuild|get-tsconfig|resolve-pkg-maps)[/\\]/

function loads(args: string[]): { before: string[]; after: string[] } {
  const result = spawnSync(process.execPath, ['--require', probe, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, EARSHOT_DATA_DIR: dataDir },
    timeout: 30_000,
  })
  const lines = result.stderr.split('\n').filter((line) => line.startsWith('LOAD '))
  const of = (state: string) =>
    lines
      .filter((line) => line.startsWith(`LOAD ${state} `))
      .map((line) => line.split(' ').slice(3).join(' '))
  return { before: of('before').filter((path) => !loader.test(path)), after: of('after') }
}

describe('red team: the tripwire is installed before anything else loads', () => {
  it('the CLI (bin/earshot.js): no dependency module runs before the tripwire', () => {
    const { before, after } = loads([
      join(repoRoot, 'bin', 'earshot.js'),
      '--data-dir',
      dataDir,
      'list',
    ])
    expect(before).toEqual([])
    // The probe saw the CLI's dependencies at all (better-sqlite3 opens the library).
    expect(after.some((path) => path.includes('better-sqlite3'))).toBe(true)
  })

  it('the whisper worker (the process holding decoded PCM): smart-whisper loads after the tripwire', () => {
    const worker = join(repoRoot, 'src', 'core', 'transcribe', 'whisperWorker.ts')
    const { before, after } = loads(['--import', tsx, worker])
    expect(before).toEqual([])
    expect(after.some((path) => path.includes('smart-whisper'))).toBe(true)
  })
})

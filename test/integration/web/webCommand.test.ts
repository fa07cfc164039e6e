import { once } from 'node:events'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureRendererBuilt } from '../../e2e/support/ensureRendererBuilt'
import { runCliProcess, spawnCli } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-webcli-')
const running: ChildProcess[] = []
afterEach(async () => {
  for (const child of running.splice(0)) {
    const closed = once(child, 'close')
    child.kill('SIGTERM')
    await closed
  }
})

/** `earshot web` as its own process; resolves once it printed where it listens. */
async function startWeb(stdin: 'pipe' | 'ignore') {
  ensureRendererBuilt()
  const child = spawnCli(['web', '--port', '0', '--json', '--data-dir', tempDir()], {}, { stdin })
  running.push(child)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const [line] = (await once(child.stdout ?? process.stdout, 'data')) as [Buffer]
  const { url } = JSON.parse(line.toString('utf8')) as { url: string }
  const link = new URL(url)
  const token = new URLSearchParams(link.hash.slice(1)).get('token') ?? ''
  const call = async (channel: string, body: unknown) => {
    const res = await fetch(`${link.origin}/api/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await res.json()) as { ok: boolean; error?: { code: string; message: string } }
  }
  const question = async (count: number) => {
    while (stderr.split('[y/N]').length - 1 < count)
      await once(child.stderr ?? process.stderr, 'data')
  }
  return { child, url, call, question, stderr: () => stderr }
}

describe('earshot web: the terminal confirms what the page may not change alone', () => {
  it('prints a link with the token after #, and asks on its own stdin before re-pointing uploads', async () => {
    const web = await startWeb('pipe')
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{43}$/)

    const allowed = web.call('settings.set', { key: 'backend.url', value: 'http://127.0.0.1:9/' })
    await web.question(1)
    expect(web.stderr()).toContain('set backend.url to "http://127.0.0.1:9/"')
    web.child.stdin?.write('y\n')
    expect(await allowed).toMatchObject({ ok: true })

    const refused = web.call('settings.set', { key: 'backend.url', value: 'http://127.0.0.1:8/' })
    await web.question(2)
    web.child.stdin?.write('n\n')
    expect(await refused).toEqual({
      ok: false,
      error: {
        code: 'not-confirmed',
        message:
          'backend.url was not changed: that needs your yes in the terminal running `earshot web`.',
      },
    })
  })

  it('refuses every sensitive change when its stdin is closed (started in the background)', async () => {
    const web = await startWeb('ignore')
    const refused = await web.call('backend.setToken', { token: 'planted-token-0123456789' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-confirmed' } })
  })
})

describe('earshot config set media.ffmpegPath', () => {
  it('refuses a program under /tmp in one sentence, even from the user at the terminal', async () => {
    const planted = mkdtempSync(join(tmpdir(), 'earshot-planted-'))
    try {
      for (const name of ['ffmpeg', 'ffprobe']) {
        writeFileSync(join(planted, name), '#!/bin/sh\n')
        chmodSync(join(planted, name), 0o755)
      }
      const result = await runCliProcess([
        'config',
        'set',
        'media.ffmpegPath',
        join(planted, 'ffmpeg'),
        '--data-dir',
        tempDir(),
      ])
      expect(result.code).toBe(1)
      expect(result.stderr.trim()).toMatch(
        /^earshot: Earshot will not run ".*ffmpeg" \(from the media.ffmpegPath setting\): it sits in .*, a folder anyone on this computer may write to\.$/,
      )
    } finally {
      rmSync(planted, { recursive: true, force: true })
    }
  })
})

import { once } from 'node:events'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/runCliCaptured'
import { runCliProcess, spawnCli } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { seedDataDir } from './support/seedDataDir'
import { BACKEND_TOKEN, startBackend } from './support/startBackend'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('earshot backend', () => {
  it('serves the reference backend on 127.0.0.1 until SIGTERM', async () => {
    const dataDir = tempDir()
    const child = spawnCli(['backend', '--port', '0', '--json', '--data-dir', dataDir], {
      EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN,
    })
    const exited = once(child, 'close')
    const [line] = (await once(child.stdout ?? process.stdout, 'data')) as [Buffer]
    const { url, db } = JSON.parse(line.toString('utf8')) as { url: string; db: string }
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(db).toBe(join(dataDir, 'backend', 'backend.db'))
    const health = await fetch(`${url}/v1/health`, {
      headers: { authorization: `Bearer ${BACKEND_TOKEN}` },
    })
    expect(await health.json()).toEqual({ ok: true, schemaVersion: 1 })
    child.kill('SIGTERM')
    const [code] = (await exited) as [number | null]
    expect(code).toBe(0)
  })

  it('refuses to start without a token of at least 16 characters', async () => {
    const result = await runCliProcess(['backend', '--data-dir', tempDir()], {
      EARSHOT_BACKEND_TOKEN: 'short',
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^earshot: Set EARSHOT_BACKEND_TOKEN .*16 characters/)
  })

  it('check answers through the gate with the configured URL and token', async () => {
    const server = await startBackend(tempDir())
    cleanups.push(() => server.close())
    const dataDir = tempDir()
    seedDataDir(dataDir, server.url, 0)
    const ok = await runCliCaptured(['backend', 'check', '--json', '--data-dir', dataDir], {
      EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN,
    })
    expect(ok.stderr).toBe('')
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      url: `${server.url}/`,
      schemaVersion: 1,
    })

    const wrong = await runCliCaptured(['backend', 'check', '--json', '--data-dir', dataDir], {
      EARSHOT_BACKEND_TOKEN: 'a-wrong-token-0123456789',
    })
    expect(wrong.code).toBe(1)
    expect(JSON.parse(wrong.stderr)).toMatchObject({ error: { code: 'backend-rejected' } })

    // Both checks are on the audit log under their own purpose, none under `upload`.
    const listed = await runCliCaptured(['audit', 'list', '--json', '--data-dir', dataDir])
    const entries = JSON.parse(listed.stdout) as {
      purpose: string
      method: string
      destination: string
    }[]
    expect(entries.length).toBeGreaterThanOrEqual(4)
    expect(new Set(entries.map((e) => e.purpose))).toEqual(new Set(['connection-test']))
    expect(entries.every((e) => e.method === 'GET' && e.destination.endsWith('/v1/health'))).toBe(
      true,
    )
  })

  it('says what to set when no backend is configured', async () => {
    const result = await runCliCaptured(['upload', '--all', '--data-dir', tempDir()], {
      EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN,
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/config set backend\.url/)
  })
})

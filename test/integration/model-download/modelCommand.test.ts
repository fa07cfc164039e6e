import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import type { ModelCatalog } from '../../../src/core/transcribe/model/modelCatalog'
import { formatBytes } from '../../../src/shared/formatBytes'
import { microModel } from '../transcribe/support/fixtures'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { startModelServer, type ModelServer } from './startModelServer'

let model: Buffer
let half: number
let server: ModelServer
let catalog: ModelCatalog
beforeAll(async () => {
  // A real (generated) ggml model: `--use` sets only a file whisper can load.
  model = readFileSync(await microModel())
  half = Math.floor(model.length / 2)
  server = await startModelServer({ '/ggml-fixture.bin': model })
  const sha256 = createHash('sha256').update(model).digest('hex')
  catalog = {
    fixture: {
      url: `${server.origin}/ggml-fixture.bin`,
      bytes: model.length,
      checksum: { sha256 },
    },
  }
})
afterAll(async () => {
  await server.close()
})

const tempDir = useTempDir('earshot-model-cli-')

describe('earshot model download (in process, loopback model server)', () => {
  it('prints percent, speed and time left, resumes on a re-run, and --use sets the model', async () => {
    const dataDir = tempDir()
    const env = { EARSHOT_DATA_DIR: dataDir, EARSHOT_KEYS_DIR: join(dataDir, 'keys') }
    const partial = join(dataDir, 'models', 'ggml-fixture.bin.partial')

    server.plan = { dropAfterBytes: half }
    const dropped = await runCliCaptured(['model', 'download', 'fixture'], env, {
      modelCatalog: catalog,
    })
    expect(dropped.code).not.toBe(0)
    expect(dropped.stdout).toBe('')
    const kept = statSync(partial).size
    expect(kept).toBeGreaterThan(0)

    // About one second for the second half: long enough for a measured speed.
    server.plan = { bytesPerSecond: 4_000_000 }
    const resumed = await runCliCaptured(['model', 'download', 'fixture', '--use'], env, {
      modelCatalog: catalog,
    })
    expect(resumed.code).toBe(0)
    expect(server.requests.at(-1)?.range).toBe(`bytes=${kept}-`)
    const lines = resumed.stderr.trim().split('\n')
    // The first line is where the partial ended; the last is the whole file.
    expect(lines[0]).toMatch(new RegExp(`^fixture: ${Math.floor((kept / model.length) * 100)}% · `))
    const size = formatBytes(model.length)
    expect(lines.at(-1)).toMatch(new RegExp(`^fixture: 100% · ${size} of ${size}`))
    expect(
      lines.some((l) =>
        /^fixture: \d+% · [\d.]+ MB of [\d.]+ MB · [\d.]+ [kM]B\/s · about \d+ s left$/.test(l),
      ),
    ).toBe(true)
    const path = join(dataDir, 'models', 'ggml-fixture.bin')
    expect(resumed.stdout).toBe(`${path}\n`)
    expect(readFileSync(path).equals(model)).toBe(true)

    const core = new Core({ dataDir, env: { ...process.env, ...env } })
    try {
      expect(core.settings.get('model.path')).toBe(path)
      const attempts = core.audit.list({ purpose: 'model-download', kind: 'attempt' })
      expect(attempts).toHaveLength(2)
    } finally {
      await core.dispose()
    }
  })
})

import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { createApiHandlers, type ApiService } from '../../../src/core/api/createApiHandlers'
import { media } from '../../support/mediaFixtures'
import { scriptedConfirmer } from '../../support/scriptedConfirmer'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../../integration/transcribe/support/fixtures'

const tempDir = useTempDir()
let modelPath = ''
const open: Core[] = []

beforeAll(async () => {
  modelPath = await microModel()
})

afterEach(async () => {
  for (const core of open.splice(0)) await core.dispose()
})

function setup(): { core: Core; service: ApiService; dataDir: string; logged: unknown[] } {
  const dataDir = tempDir()
  const core = new Core({ dataDir, env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' } })
  open.push(core)
  const logged: unknown[] = []
  return {
    core,
    service: createApiHandlers(core, {
      log: (e) => logged.push(e),
      confirmer: scriptedConfirmer(true),
    }),
    dataDir,
    logged,
  }
}

/** A copy under `<dataDir>/imports/<folder>/`, as web mode's upload leaves it. */
function uploadedCopy(dataDir: string, source: string, folder: string): string {
  const dir = join(dataDir, 'imports', folder)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'call.mp4')
  copyFileSync(source, path)
  return path
}

describe('dispatch: the one checked entry for every transport', () => {
  it('answers a void channel and never throws', async () => {
    const { service } = setup()
    await expect(service.dispatch('app.info', undefined)).resolves.toEqual({
      ok: true,
      value: {
        version: expect.any(String) as string,
        modelConfigured: false,
        osNetworkWall: {
          kind: 'linux-netns',
          detail: expect.any(String) as string,
          covers: expect.any(Array) as unknown[],
          processes: expect.any(Array) as unknown[],
          seccompDetail: expect.any(String) as string,
        },
        storageEncryption: {
          keySource: 'key-file',
          detail: expect.stringMatching(/protected only against a copied database/) as string,
        },
      },
    })
    await expect(service.dispatch('recordings.list', undefined)).resolves.toEqual({
      ok: true,
      value: [],
    })
  })

  it('refuses input the contract does not allow, with a stable code and one line', async () => {
    const { service } = setup()
    const result = await service.dispatch('recordings.get', { id: 42 })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(result.ok ? '' : result.error.message).not.toContain('\n')
    await expect(
      service.dispatch('recordings.search', { q: 'x'.repeat(201) }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('names unknown channels, including inherited object keys', async () => {
    const { service } = setup()
    for (const channel of ['nope', 'toString', '__proto__']) {
      await expect(service.dispatch(channel, undefined)).resolves.toMatchObject({
        ok: false,
        error: { code: 'unknown-channel' },
      })
    }
  })

  it('turns core errors into their code and message', async () => {
    const { service } = setup()
    await expect(service.dispatch('recordings.get', { id: 'missing' })).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That recording no longer exists.' },
    })
    await expect(
      service.dispatch('settings.set', { key: 'transcribe.language', value: 'English' }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-setting' } })
  })

  it('hides unexpected errors behind a generic sentence and logs them', async () => {
    const { core, service, logged } = setup()
    core.recordings.list = () => {
      throw new Error('ENOENT: /home/someone/secret/path.db')
    }
    const result = await service.dispatch('recordings.list', undefined)
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('/home/someone')
    expect(logged).toHaveLength(1)
  })
})

describe('the handlers on a real core', () => {
  it('refuses to import before a model is set', async () => {
    const { service } = setup()
    const sourceId = service.staged.stage({ path: media.mp4, ownedCopy: false })
    await expect(
      service.dispatch('recordings.import', { sourceIds: [sourceId] }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-model' },
    })
  })

  it('imports, transcribes, lists without paths, searches, exports and deletes', async () => {
    const { core, service, dataDir } = setup()
    await service.dispatch('settings.set', { key: 'model.path', value: modelPath })
    const copy = uploadedCopy(dataDir, media.mp4, 'upload-1')
    const sourceId = service.staged.stage({ path: copy, ownedCopy: true })

    const imported = await service.dispatch('recordings.import', { sourceIds: [sourceId] })
    expect(imported).toMatchObject({
      ok: true,
      value: [{ sourceId, duplicate: false, error: null }],
    })
    const id = imported.ok
      ? ((imported.value as { recordingId: string }[])[0]?.recordingId ?? '')
      : ''
    await core.runner.drain()

    const listed = await service.dispatch('recordings.list', undefined)
    expect(listed).toMatchObject({
      ok: true,
      value: [{ id, title: 'call', status: 'done', progress: 100 }],
    })
    // The output schema strips what the row holds beyond the contract: no path, no hash.
    expect(JSON.stringify(listed)).not.toContain(dataDir)
    expect(JSON.stringify(listed)).not.toMatch(/sourcePath|sha256/i)

    const segments = await service.dispatch('recordings.segments', { id })
    const lines = segments.ok ? (segments.value as { idx: number; text: string }[]) : []
    expect(lines.length).toBeGreaterThan(0)
    const word =
      lines
        .map((l) => l.text)
        .join(' ')
        .match(/[\p{L}]{3,}/u)?.[0] ?? ''
    const found = await service.dispatch('recordings.search', { q: word })
    expect(found).toMatchObject({
      ok: true,
      value: { hits: [{ recordingId: id, title: 'call' }], ranked: true, more: false },
    })
    await expect(service.dispatch('recordings.search', { q: '  ?! ' })).resolves.toEqual({
      ok: true,
      value: { hits: [], ranked: true, more: false },
    })

    const srt = await service.dispatch('transcript.export', { id, format: 'srt' })
    expect(srt.ok && typeof srt.value === 'string' && srt.value.startsWith('1\n00:00:')).toBe(true)

    await expect(service.dispatch('recordings.delete', { id })).resolves.toEqual({
      ok: true,
      value: { deleted: true },
    })
    expect(existsSync(copy)).toBe(false)
    await expect(service.dispatch('recordings.list', undefined)).resolves.toEqual({
      ok: true,
      value: [],
    })
  })

  it('removes a duplicate upload and a refused one, but never the user’s own file', async () => {
    const { service, dataDir } = setup()
    await service.dispatch('settings.set', { key: 'model.path', value: modelPath })
    const own = service.staged.stage({ path: media.mp4, ownedCopy: false })
    const dupCopy = uploadedCopy(dataDir, media.mp4, 'upload-dup')
    const dup = service.staged.stage({ path: dupCopy, ownedCopy: true })
    const badCopy = uploadedCopy(dataDir, media.textAsMp4, 'upload-bad')
    const bad = service.staged.stage({ path: badCopy, ownedCopy: true })

    const result = await service.dispatch('recordings.import', { sourceIds: [own, dup, bad, own] })
    expect(result).toMatchObject({
      ok: true,
      value: [
        { sourceId: own, duplicate: false, error: null },
        { sourceId: dup, duplicate: true, error: null },
        { sourceId: bad, recordingId: null, error: { code: 'not-media' } },
        // A staged id is good for one import only.
        { sourceId: own, recordingId: null, error: { code: 'unknown-source' } },
      ],
    })
    expect(existsSync(dupCopy)).toBe(false)
    expect(existsSync(badCopy)).toBe(false)
    expect(existsSync(media.mp4)).toBe(true)
  })

  it('returns every setting after a change', async () => {
    const { service } = setup()
    const result = await service.dispatch('settings.set', {
      key: 'transcribe.language',
      value: 'en',
    })
    expect(result).toMatchObject({
      ok: true,
      value: { 'transcribe.language': 'en', 'jobs.concurrency': 1 },
    })
  })
})

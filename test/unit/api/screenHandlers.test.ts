import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import { createApiHandlers, type ApiService } from '../../../src/core/api/createApiHandlers'
import { scriptedConfirmer } from '../../support/scriptedConfirmer'
import type { ApiResult } from '../../../src/shared/api'
import type {
  UploadOutcomeView,
  UploadPreview,
  UploadStatusView,
} from '../../../src/shared/uploadViews'
import type { AuditEntryDetail, AuditPage } from '../../../src/shared/auditViews'
import { useTempDir } from '../../support/tempDir'
import { BACKEND_TOKEN, startBackend } from '../../integration/sync/support/startBackend'
import { seedRecording } from '../sync/support/seedRecording'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function setup(env: { token?: string } = {}): { core: Core; service: ApiService; dataDir: string } {
  const dataDir = tempDir()
  const core = new Core({
    dataDir,
    env: { ...process.env, EARSHOT_BACKEND_TOKEN: env.token ?? '' },
  })
  // The user says yes to every sensitive change here; test/redteam/webSessionAttacks has the no.
  const service = createApiHandlers(core, {
    log: () => undefined,
    confirmer: scriptedConfirmer(true),
  })
  cleanups.push(async () => {
    await service.dispose()
    await core.dispose()
  })
  return { core, service, dataDir }
}

async function backendIn(dir: string) {
  const backend = await startBackend(dir)
  cleanups.push(() => backend.close())
  return backend
}

/** `dispatch` is untyped by design (any channel, raw input); each test names what it expects. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function valueOf<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as T
}

describe('Review & Upload channels', () => {
  it('previews exactly the bytes the CLI dry run prints, and sends nothing', async () => {
    const { core, service } = setup()
    const id = seedRecording(core.recordings, { texts: ['We need SSO before renewal.'] })
    const preview = valueOf<UploadPreview>(await service.dispatch('uploads.preview', { id }))
    const dryRun = core.sync.prepare(id)
    expect(Buffer.from(preview.body, 'utf8').equals(Buffer.from(dryRun.body))).toBe(true)
    expect(preview).toMatchObject({
      recordingId: id,
      bytes: dryRun.body.byteLength,
      payloadSha256: dryRun.payloadSha256,
      upload: null,
    })
    // The title is a file name: it stays local unless the user allows it.
    expect(preview.body).not.toContain('ACME')
    expect(core.audit.list()).toEqual([])
    expect(valueOf<UploadStatusView[]>(await service.dispatch('uploads.list', undefined))).toEqual([
      expect.objectContaining({ recordingId: id, state: 'not-sent', receipt: null, error: null }),
    ])
  })

  it('refuses to preview a transcript that is not finished', async () => {
    const { core, service } = setup()
    const id = seedRecording(core.recordings, { status: 'transcribing' })
    await expect(service.dispatch('uploads.preview', { id })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-uploadable' },
    })
  })

  it('sends to the backend on loopback and keeps the receipt, under a token set at run time', async () => {
    const { core, service, dataDir } = setup()
    const backend = await backendIn(join(dataDir, 'backend'))
    const id = seedRecording(core.recordings)
    // Neither URL nor token existed when the core started: both apply at once.
    valueOf(await service.dispatch('settings.set', { key: 'backend.url', value: backend.url }))
    await expect(service.dispatch('uploads.send', { ids: [id] })).resolves.toMatchObject({
      ok: false,
      error: { code: 'backend-token-missing' },
    })
    expect(valueOf(await service.dispatch('backend.setToken', { token: BACKEND_TOKEN }))).toEqual({
      url: backend.url,
      tokenSet: true,
      tokenStorage: 'memory',
    })

    const preview = valueOf<UploadPreview>(await service.dispatch('uploads.preview', { id }))
    const [sent] = valueOf<UploadOutcomeView[]>(
      await service.dispatch('uploads.send', { ids: [id] }),
    )
    expect(sent).toMatchObject({ recordingId: id, state: 'done', error: null })
    expect(sent?.receipt?.payloadSha256).toBe(preview.payloadSha256)
    expect(backend.postCount()).toBe(1)

    const [listed] = valueOf<UploadStatusView[]>(await service.dispatch('uploads.list', undefined))
    expect(listed).toMatchObject({ state: 'done', attempts: 1, receipt: sent?.receipt })
    const again = valueOf<UploadPreview>(await service.dispatch('uploads.preview', { id }))
    expect(again.upload).toMatchObject({ state: 'done', receipt: sent?.receipt })

    // The audit log holds the exact bytes that were previewed.
    const page = valueOf<AuditPage>(
      await service.dispatch('audit.list', { purpose: 'upload', kind: 'attempt' }),
    )
    const attempt = page.entries.find((e) => e.method === 'POST')
    expect(attempt?.payloadSha256).toBe(preview.payloadSha256)
    const detail = valueOf<AuditEntryDetail>(
      await service.dispatch('audit.entry', { seq: attempt?.seq ?? 0 }),
    )
    expect(detail.payload).toEqual({ encoding: 'utf8', text: preview.body })
  })

  it('reports a refusal with the server’s reason', async () => {
    const { core, service, dataDir } = setup({ token: 'wrong-token-0123456789abc' })
    const backend = await backendIn(join(dataDir, 'backend'))
    const id = seedRecording(core.recordings)
    valueOf(await service.dispatch('settings.set', { key: 'backend.url', value: backend.url }))
    const [sent] = valueOf<UploadOutcomeView[]>(
      await service.dispatch('uploads.send', { ids: [id] }),
    )
    expect(sent).toMatchObject({ state: 'failed', receipt: null })
    expect(sent?.error?.message).toMatch(/^The backend answered 401 to the upload: .+/)
    const [listed] = valueOf<UploadStatusView[]>(await service.dispatch('uploads.list', undefined))
    expect(listed).toMatchObject({ state: 'failed', error: sent?.error })
  })
})

describe('backend channels', () => {
  it('tests the connection through the gate and never returns the token', async () => {
    const { service, dataDir } = setup({ token: BACKEND_TOKEN })
    const backend = await backendIn(join(dataDir, 'backend'))
    await expect(service.dispatch('backend.check', undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'backend-not-configured' },
    })
    valueOf(await service.dispatch('settings.set', { key: 'backend.url', value: backend.url }))
    expect(valueOf(await service.dispatch('backend.check', undefined))).toMatchObject({
      schemaVersion: 1,
      latencyMs: expect.any(Number) as number,
    })
    const status = await service.dispatch('backend.status', undefined)
    expect(JSON.stringify(status)).not.toContain(BACKEND_TOKEN)
    expect(valueOf(await service.dispatch('backend.setToken', { token: null }))).toMatchObject({
      tokenSet: false,
    })
    await expect(service.dispatch('backend.setToken', { token: 'short' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
  })
})

describe('Audit Log channels', () => {
  it('pages and filters entries, verifies the chain and exports a file that verifies alone', async () => {
    const { core, service } = setup()
    for (let i = 0; i < 5; i++) {
      core.audit.append({
        kind: i % 2 === 0 ? 'attempt' : 'outcome',
        purpose: i < 3 ? 'upload' : 'analytics',
        destination: 'http://127.0.0.1:1/v1/transcripts',
        method: 'POST',
        payload:
          i === 4 ? new Uint8Array([0xff, 0x00, 0x01]) : new TextEncoder().encode(`{"n":${i}}`),
        status: i % 2 === 0 ? null : 201,
        reason: null,
      })
    }
    const first = valueOf<AuditPage>(await service.dispatch('audit.list', { limit: 2 }))
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2])
    expect(first.nextAfterSeq).toBe(2)
    const rest = valueOf<AuditPage>(
      await service.dispatch('audit.list', { limit: 10, afterSeq: first.nextAfterSeq ?? 0 }),
    )
    expect(rest.entries.map((e) => e.seq)).toEqual([3, 4, 5])
    expect(rest.nextAfterSeq).toBeNull()
    const analytics = valueOf<AuditPage>(
      await service.dispatch('audit.list', { purpose: 'analytics', kind: 'attempt' }),
    )
    expect(analytics.entries.map((e) => e.seq)).toEqual([5])

    expect(valueOf(await service.dispatch('audit.entry', { seq: 5 }))).toMatchObject({
      payload: { encoding: 'base64', text: Buffer.from([0xff, 0x00, 0x01]).toString('base64') },
    })
    await expect(service.dispatch('audit.entry', { seq: 99 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })

    expect(valueOf(await service.dispatch('audit.verify', undefined))).toMatchObject({
      ok: true,
      entries: 5,
      headSeq: 5,
    })
    const exported = valueOf<{ jsonl: string; entries: number; fileName: string }>(
      await service.dispatch('audit.export', undefined),
    )
    expect(exported.entries).toBe(5)
    expect(exported.fileName).toMatch(/^earshot-audit-\d{4}-\d{2}-\d{2}\.jsonl$/)
    expect(verifyJsonl({ text: exported.jsonl })).toMatchObject({ ok: true, entries: 5 })
  })

  it('reports a broken chain with the first bad seq', async () => {
    const { core, service, dataDir } = setup()
    for (let i = 0; i < 3; i++) {
      core.audit.append({
        kind: 'blocked',
        purpose: 'upload',
        destination: 'https://example.invalid/',
        method: 'POST',
        payload: null,
        status: null,
        reason: 'test',
      })
    }
    // Cutting the last entry off shows against the head file beside the database.
    writeFileSync(join(dataDir, 'audit.head'), '{"seq":7,"hash":"' + '0'.repeat(64) + '"}\n')
    const report = valueOf<{ ok: boolean; firstBadSeq?: number }>(
      await service.dispatch('audit.verify', undefined),
    )
    expect(report.ok).toBe(false)
    expect(report.firstBadSeq).toBeGreaterThan(0)
  })
})

describe('first run, model choices and delete all', () => {
  it('asks once: the flag survives a restart of the core', async () => {
    const { core, service, dataDir } = setup()
    expect(valueOf(await service.dispatch('firstRun.state', undefined))).toEqual({ done: false })
    expect(valueOf(await service.dispatch('firstRun.finish', undefined))).toEqual({ done: true })
    await core.dispose()
    const reopened = new Core({ dataDir, env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' } })
    cleanups.push(() => reopened.dispose())
    const again = createApiHandlers(reopened)
    expect(valueOf(await again.dispatch('firstRun.state', undefined))).toEqual({ done: true })
  })

  it('lists the model catalogue with download commands and finds a downloaded file', async () => {
    const { service, dataDir } = setup()
    mkdirSync(join(dataDir, 'models'))
    writeFileSync(join(dataDir, 'models', 'ggml-tiny.en.bin'), 'x')
    const models = valueOf<{ name: string; command: string; downloadedPath: string | null }[]>(
      await service.dispatch('models.catalog', undefined),
    )
    expect(models.find((m) => m.name === 'tiny.en')).toMatchObject({
      command: expect.stringMatching(/^earshot model download tiny\.en --dir /) as string,
      downloadedPath: join(dataDir, 'models', 'ggml-tiny.en.bin'),
    })
    expect(models.find((m) => m.name === 'base.en')?.downloadedPath).toBeNull()
  })

  it('deletes everything only with the typed phrase, and keeps the audit log', async () => {
    const { core, service, dataDir } = setup()
    seedRecording(core.recordings)
    seedRecording(core.recordings)
    core.audit.append({
      kind: 'blocked',
      purpose: 'upload',
      destination: 'x',
      method: 'POST',
      payload: null,
      status: null,
      reason: 'r',
    })
    await expect(service.dispatch('data.deleteAll', { confirm: 'yes' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
    expect(core.recordings.list()).toHaveLength(2)
    await expect(
      service.dispatch('data.deleteAll', { confirm: 'delete everything' }),
    ).resolves.toEqual({ ok: true, value: { deleted: 2 } })
    expect(core.recordings.list()).toEqual([])
    // The earlier entry stays; one more records the delete-all, as `earshot delete --all` does.
    const entries = core.audit.list()
    expect(entries).toHaveLength(2)
    expect(entries[1]).toMatchObject({
      kind: 'outcome',
      purpose: 'deletion',
      destination: 'local:earshot.db',
      method: 'DELETE',
    })
    expect(existsSync(join(dataDir, 'audit.db'))).toBe(true)
  })
})

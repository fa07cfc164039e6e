import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { EgressAuditEntry } from '../../../src/core/egress/AuditSink'
import { EgressGate, type EgressTimeouts } from '../../../src/core/egress/EgressGate'
import {
  downloadModel,
  type DownloadProgress,
} from '../../../src/core/transcribe/model/downloadModel'
import type {
  ModelCatalog,
  ModelCatalogEntry,
} from '../../../src/core/transcribe/model/modelCatalog'
import { useTempDir } from '../../support/tempDir'
import { startModelServer, type ModelServer } from './startModelServer'

const model = randomBytes(1 << 20)
const sha256 = createHash('sha256').update(model).digest('hex')
const half = model.length / 2

let server: ModelServer
let fixture: ModelCatalogEntry
let catalog: ModelCatalog
beforeAll(async () => {
  server = await startModelServer({ '/ggml-fixture.bin': model })
  fixture = { url: `${server.origin}/ggml-fixture.bin`, bytes: model.length, checksum: { sha256 } }
  catalog = { fixture }
})
afterAll(async () => {
  await server.close()
})
beforeEach(() => {
  server.plan = {}
  server.requests.length = 0
})

const tempDir = useTempDir('earshot-model-')

function setup(timeouts?: EgressTimeouts) {
  const destDir = tempDir()
  const audit: EgressAuditEntry[] = []
  const fetched: string[] = []
  const gate = new EgressGate({
    clock: () => new Date('2026-01-02T03:04:05Z'),
    auditSink: { append: (entry) => void audit.push(entry) },
    extraOrigins: { 'model-download': [server.origin] },
    // The gate's own list of fetchable files (issue 10): the catalogues these tests use.
    downloadCatalog: [
      fixture,
      { url: `${server.origin}/old/ggml-fixture.bin`, bytes: model.length },
      { url: 'http://huggingface.co/ggerganov/whisper.cpp/x.bin', bytes: model.length },
    ],
    fetchImpl: (input, init) => {
      fetched.push(input instanceof Request ? input.url : String(input))
      return fetch(input, init)
    },
    ...(timeouts && { timeouts }),
  })
  const progress: DownloadProgress[] = []
  const target = join(destDir, 'ggml-fixture.bin')
  const partial = `${target}.partial`
  return {
    destDir,
    audit,
    fetched,
    gate,
    progress,
    target,
    partial,
    run: (options: { signal?: AbortSignal; catalog?: ModelCatalog } = {}) =>
      downloadModel({
        name: 'fixture',
        destDir,
        gate,
        catalog: options.catalog ?? catalog,
        onProgress: (p) => progress.push(p),
        ...(options.signal && { signal: options.signal }),
      }),
  }
}

function expectMonotonicToTotal(progress: DownloadProgress[]) {
  const bytes = progress.map((p) => p.bytes)
  expect(bytes).toEqual([...bytes].sort((a, b) => a - b))
  expect(progress.at(-1)).toEqual({ bytes: model.length, total: model.length })
}

describe('downloadModel against a local server', () => {
  it('downloads the whole file, verifies its SHA-256 and moves it into place', async () => {
    const t = setup()
    await expect(t.run()).resolves.toEqual({
      path: t.target,
      bytes: model.length,
      downloaded: true,
    })
    expect(readFileSync(t.target).equals(model)).toBe(true)
    expect(existsSync(t.partial)).toBe(false)
    expectMonotonicToTotal(t.progress)
    expect(t.audit.map((e) => [e.kind, e.method, e.status, e.bytesReceived])).toEqual([
      ['attempt', 'GET', undefined, undefined],
      ['outcome', 'GET', 200, model.length],
    ])
    expect(t.audit[0]?.destination).toBe(`${server.origin}/ggml-fixture.bin`)
  })

  it('resumes with a Range request from what a dropped connection left behind', async () => {
    const t = setup()
    server.plan = { dropAfterBytes: half }
    await expect(t.run()).rejects.toMatchObject({ code: 'network-error' })
    const kept = statSync(t.partial).size
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(model.length)

    t.progress.length = 0
    await expect(t.run()).resolves.toMatchObject({ downloaded: true })
    expect(server.requests.at(-1)?.range).toBe(`bytes=${kept}-`)
    expect(readFileSync(t.target).equals(model)).toBe(true)
    expect(t.progress[0]?.bytes).toBe(kept)
    expectMonotonicToTotal(t.progress)
  })

  it('keeps the partial when the caller aborts, and the next call finishes it', async () => {
    const t = setup()
    server.plan = { stallAfterBytes: half }
    const controller = new AbortController()
    const first = downloadModel({
      name: 'fixture',
      destDir: t.destDir,
      gate: t.gate,
      catalog,
      signal: controller.signal,
      onProgress: ({ bytes }) => {
        if (bytes > 0) controller.abort()
      },
    })
    await expect(first).rejects.toMatchObject({ code: 'aborted' })
    expect(statSync(t.partial).size).toBeGreaterThan(0)

    server.plan = {}
    await expect(t.run()).resolves.toMatchObject({ downloaded: true })
    expect(server.requests.at(-1)?.range).toMatch(/^bytes=[1-9]\d*-$/)
    expect(readFileSync(t.target).equals(model)).toBe(true)
  })

  it('deletes the partial and says so when the checksum does not match', async () => {
    const t = setup()
    const wrong = createHash('sha256').update('another file').digest('hex')
    const badCatalog = { fixture: { ...fixture, checksum: { sha256: wrong } } }
    const failure = t.run({ catalog: badCatalog })
    await expect(failure).rejects.toMatchObject({ code: 'checksum-mismatch' })
    await expect(failure).rejects.toThrow(/corrupt/)
    expect(existsSync(t.partial)).toBe(false)
    expect(existsSync(t.target)).toBe(false)
  })

  it('verifies with SHA-1 when that is the only digest the catalogue has', async () => {
    const t = setup()
    const sha1 = createHash('sha1').update(model).digest('hex')
    const sha1Catalog = { fixture: { ...fixture, checksum: { sha1 } } }
    await expect(t.run({ catalog: sha1Catalog })).resolves.toMatchObject({ downloaded: true })
  })

  it('starts over cleanly when the server ignores Range and sends the whole file', async () => {
    const t = setup()
    writeFileSync(t.partial, Buffer.alloc(1000, 0xee))
    server.plan = { ignoreRange: true }
    await expect(t.run()).resolves.toMatchObject({ downloaded: true })
    expect(server.requests.at(-1)?.range).toBe('bytes=1000-')
    expect(readFileSync(t.target).equals(model)).toBe(true)
    expect(t.progress[0]?.bytes).toBe(0)
    expectMonotonicToTotal(t.progress)
  })

  it('verifies a complete partial and moves it into place without a request', async () => {
    const t = setup()
    writeFileSync(t.partial, model)
    await expect(t.run()).resolves.toMatchObject({ downloaded: true })
    expect(server.requests).toHaveLength(0)
    expect(readFileSync(t.target).equals(model)).toBe(true)
  })

  it('leaves a verified model alone and fetches nothing', async () => {
    const t = setup()
    writeFileSync(t.target, model)
    await expect(t.run()).resolves.toMatchObject({ downloaded: false })
    expect(server.requests).toHaveLength(0)
  })

  it('follows a relative redirect that stays on the allowlist', async () => {
    const t = setup()
    server.plan = { redirects: { '/old/ggml-fixture.bin': '/ggml-fixture.bin' } }
    const moved = { fixture: { ...fixture, url: `${server.origin}/old/ggml-fixture.bin` } }
    await expect(t.run({ catalog: moved })).resolves.toMatchObject({ downloaded: true })
    expect(server.requests.map((r) => r.path)).toEqual([
      '/old/ggml-fixture.bin',
      '/ggml-fixture.bin',
    ])
  })

  it('refuses a redirect to a host that is not on the allowlist, before connecting to it', async () => {
    const t = setup()
    server.plan = {
      redirects: { '/ggml-fixture.bin': 'https://models.example.net/ggml.bin?sig=x' },
    }
    await expect(t.run()).rejects.toMatchObject({ code: 'destination-not-allowed' })
    expect(t.fetched).toEqual([`${server.origin}/ggml-fixture.bin`])
    expect(t.audit.at(-1)).toMatchObject({
      kind: 'blocked',
      destination: 'https://models.example.net/ggml.bin',
      reason: 'destination-not-allowed',
    })
    expect(existsSync(t.partial)).toBe(false)
  })

  it('refuses plain http to a host that is not loopback without sending anything', async () => {
    const t = setup()
    const http = {
      fixture: { ...fixture, url: 'http://huggingface.co/ggerganov/whisper.cpp/x.bin' },
    }
    await expect(t.run({ catalog: http })).rejects.toMatchObject({ code: 'insecure-url' })
    expect(t.fetched).toEqual([])
    expect(t.audit).toMatchObject([{ kind: 'blocked', reason: 'insecure-url' }])
  })

  it('gives up with a timeout when the server stops sending, and keeps the partial', async () => {
    const t = setup({ idleMs: 200 })
    server.plan = { stallAfterBytes: half }
    const started = Date.now()
    await expect(t.run()).rejects.toMatchObject({ code: 'timeout' })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(statSync(t.partial).size).toBeGreaterThan(0)
    expect(t.audit.at(-1)).toMatchObject({ kind: 'outcome', reason: 'timeout' })
  })

  it('refuses an unknown model name and lists the known ones', async () => {
    const t = setup()
    const failure = downloadModel({ name: 'huge', destDir: t.destDir, gate: t.gate })
    await expect(failure).rejects.toMatchObject({ code: 'unknown-model' })
    await expect(failure).rejects.toThrow(/Known models: tiny, tiny\.en, base, .*large-v3-turbo/)
    expect(t.fetched).toEqual([])
  })
})

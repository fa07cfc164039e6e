import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedDataDir } from './support/seedDataDir'
import { BACKEND_TOKEN, startBackend } from './support/startBackend'
import { startFlakyProxy } from './support/startFlakyProxy'
import { openDataFolderSqlite } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface UploadOutcome {
  id: string
  state: string
  receipt: { id: string; receivedAt: string; payloadSha256: string } | null
  error: { code: string; message: string } | null
}

async function setup(count: number, options: { via?: (url: string) => Promise<string> } = {}) {
  const server = await startBackend(tempDir())
  cleanups.push(() => server.close())
  const url = options.via ? await options.via(server.url) : server.url
  const dataDir = tempDir()
  const ids = seedDataDir(dataDir, url, count)
  const cli = (args: string[], token = BACKEND_TOKEN) =>
    runCliCaptured([...args, '--data-dir', dataDir], { EARSHOT_BACKEND_TOKEN: token })
  return { ...server, dataDir, ids, cli }
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex')

describe('earshot upload → reference backend on 127.0.0.1', () => {
  it('stores receipts, and uploading again sends nothing new', async () => {
    const { cli, ids, backend, postCount, keyCount } = await setup(3)
    const first = await cli(['upload', '--all', '--json'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const outcomes = JSON.parse(first.stdout) as UploadOutcome[]
    expect(outcomes.map((o) => o.id).sort()).toEqual([...ids].sort())
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ state: 'done', error: null, receipt: { id: outcome.id } })
      expect(outcome.receipt?.payloadSha256).toBe(
        (await backend.store.get(outcome.id))?.payloadSha256,
      )
    }
    expect(await backend.store.count()).toBe(3)

    const again = await cli(['upload', '--all', '--json'])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toEqual(outcomes)
    expect(postCount()).toBe(3)
    expect(keyCount()).toBe(3)

    const human = await cli(['upload', ids[0] ?? ''])
    expect(human.stdout).toMatch(
      new RegExp(`^${ids[0] ?? ''}  done  received .+  sha256 [0-9a-f]{64}\\n$`),
    )
  })

  it('prints in a dry run exactly the bytes the backend later receives, and sends nothing', async () => {
    const { cli, ids, backend, dataDir, postCount } = await setup(2)
    const dry = await cli(['upload', ids[0] ?? '', ids[1] ?? '', '--dry-run'])
    expect(dry.code).toBe(0)
    const lines = dry.stdout.split('\n')
    expect(lines).toHaveLength(3)
    expect(postCount()).toBe(0)
    const audit = await cli(['audit', 'list', '--json'])
    expect(JSON.parse(audit.stdout)).toEqual([])
    const queue = openDataFolderSqlite(dataDir, 'database', { readonly: true })
    expect(queue.prepare('SELECT COUNT(*) FROM uploads').pluck().get()).toBe(0)
    queue.close()

    const dryJson = JSON.parse(
      (await cli(['upload', ids[0] ?? '', '--dry-run', '--json'])).stdout,
    ) as {
      id: string
      payloadSha256: string
      body: string
    }[]
    expect(dryJson[0]?.body).toBe(lines[0])

    expect((await cli(['upload', '--all'])).code).toBe(0)
    for (const [i, id] of ids.entries()) {
      const stored = await backend.store.get(id)
      expect(stored?.payloadSha256).toBe(sha256(lines[i] ?? ''))
      expect(stored?.payload).toBe(lines[i])
    }
    expect(dryJson[0]?.payloadSha256).toBe(sha256(lines[0] ?? ''))
  })

  it('does not retry a 4xx and reports the server reason', async () => {
    const { cli, ids, backend } = await setup(1)
    const result = await cli(['upload', ids[0] ?? '', '--json'], 'a-wrong-token-0123456789')
    expect(result.code).toBe(1)
    const [outcome] = JSON.parse(result.stdout) as UploadOutcome[]
    expect(outcome).toMatchObject({
      state: 'failed',
      receipt: null,
      error: { code: 'backend-rejected' },
    })
    expect(outcome?.error?.message).toContain('A valid bearer token is required')
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'backend-rejected' } })
    // Refused on the token before its body is read: an unauthenticated request leaves no log row.
    expect(await backend.store.requestLog()).toEqual([])
  })

  it('retries 5xx with backoff under one idempotency key, and the backend stores once', async () => {
    const proxies: Awaited<ReturnType<typeof startFlakyProxy>>[] = []
    const { cli, ids, backend, keyCount } = await setup(1, {
      via: async (url) => {
        const proxy = await startFlakyProxy(url, 2)
        proxies.push(proxy)
        cleanups.push(() => proxy.close())
        return proxy.url
      },
    })
    const result = await cli(['upload', ids[0] ?? '', '--json'])
    expect(result.code).toBe(0)
    expect((JSON.parse(result.stdout) as UploadOutcome[])[0]?.state).toBe('done')
    const keys = proxies[0]?.keys ?? []
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(1)
    expect(await backend.store.count()).toBe(1)
    expect(keyCount()).toBe(1)
  })

  it('only uploads finished transcripts', async () => {
    const { cli, dataDir } = await setup(0)
    const db = openDataFolderSqlite(dataDir, 'database')
    const id = '6f1d8a9e-3a8b-4b61-9b43-2f0d5a1e7c11'
    db.prepare(
      `INSERT INTO recordings (id, title, source_path, source_sha256, bytes, imported_at, status)
       VALUES (?, 't', '/x', ?, 1, '2026-11-20T10:00:00.000Z', 'transcribing')`,
    ).run(id, 'f'.repeat(64))
    db.close()
    const result = await cli(['upload', id, '--json'])
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'not-uploadable' } })
    expect(JSON.parse((await cli(['upload', '--all', '--json'])).stdout)).toEqual([])
  })
})

describe('earshot delete', () => {
  it('with --remote deletes at the backend too and keeps the deletion receipt', async () => {
    const { cli, ids, backend, dataDir } = await setup(3)
    const [uploaded, keptRemote, neverUploaded] = ids
    expect((await cli(['upload', uploaded ?? '', keptRemote ?? ''])).code).toBe(0)

    const result = await cli(['delete', uploaded ?? '', neverUploaded ?? '', '--remote', '--json'])
    expect(result.code).toBe(0)
    const outcomes = JSON.parse(result.stdout) as {
      id: string
      deleted: boolean
      remote: string
      receipt: { id: string; deletedAt: string } | null
    }[]
    expect(outcomes).toMatchObject([
      { id: uploaded, deleted: true, remote: 'done', receipt: { id: uploaded } },
      { id: neverUploaded, deleted: true, remote: 'not-uploaded', receipt: null },
    ])
    expect(await backend.store.get(uploaded ?? '')).toBeUndefined()
    expect(await backend.store.get(keptRemote ?? '')).toBeDefined()
    const deletes = (await backend.store.requestLog()).filter((r) => r.method === 'DELETE')
    expect(deletes).toHaveLength(1)

    const listed = JSON.parse((await cli(['list', '--json'])).stdout) as { id: string }[]
    expect(listed.map((r) => r.id)).toEqual([keptRemote])
    const db = openDataFolderSqlite(dataDir, 'database', { readonly: true })
    expect(
      db.prepare('SELECT COUNT(*) FROM segments WHERE recording_id = ?').pluck().get(uploaded),
    ).toBe(0)
    expect(
      db.prepare('SELECT COUNT(*) FROM uploads WHERE recording_id = ?').pluck().get(uploaded),
    ).toBe(0)
    const receipt = db
      .prepare('SELECT receipt FROM deletions WHERE recording_id = ?')
      .pluck()
      .get(uploaded) as string
    expect(JSON.parse(receipt)).toEqual(outcomes[0]?.receipt)
    db.close()
  })

  it('refuses --all without --yes, and without --remote leaves the backend alone', async () => {
    const { cli, backend } = await setup(2)
    expect((await cli(['upload', '--all'])).code).toBe(0)
    const refused = await cli(['delete', '--all'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--yes/)
    const result = await cli(['delete', '--all', '--yes', '--json'])
    expect(result.code).toBe(0)
    expect((JSON.parse(result.stdout) as { remote: string }[]).map((r) => r.remote)).toEqual([
      'not-requested',
      'not-requested',
    ])
    expect(JSON.parse((await cli(['list', '--json'])).stdout)).toEqual([])
    expect(await backend.store.count()).toBe(2)
  })
})

describe('earshot audit', () => {
  it('lists what was sent, verifies, exports, and catches an edited export', async () => {
    const { cli, ids, dataDir } = await setup(2)
    const uploaded = JSON.parse(
      (await cli(['upload', '--all', '--json'])).stdout,
    ) as UploadOutcome[]
    const entries = JSON.parse((await cli(['audit', 'list', '--json', '--payload'])).stdout) as {
      kind: string
      purpose: string
      payload_sha256: string | null
      payload: string | null
    }[]
    const attempts = entries.filter((e) => e.kind === 'attempt')
    expect(attempts).toHaveLength(ids.length)
    expect(attempts.map((e) => e.payload_sha256).sort()).toEqual(
      uploaded.map((u) => u.receipt?.payloadSha256).sort(),
    )
    for (const attempt of attempts) {
      expect(sha256(Buffer.from(attempt.payload ?? '', 'base64'))).toBe(attempt.payload_sha256)
    }

    const verified = await cli(['audit', 'verify', '--json'])
    expect(verified.code).toBe(0)
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, entries: entries.length })

    const out = join(dataDir, 'export.jsonl')
    const exported = await cli(['audit', 'export', '--out', out, '--json'])
    expect(JSON.parse(exported.stdout)).toMatchObject({ out, entries: entries.length })
    expect((await cli(['audit', 'verify', '--file', out])).code).toBe(0)

    const lines = readFileSync(out, 'utf8').split('\n')
    lines[2] = (lines[2] ?? '').replace(/"method":"POST"/, '"method":"PUT"')
    writeFileSync(out, lines.join('\n'))
    const broken = await cli(['audit', 'verify', '--file', out])
    expect(broken.code).toBe(1)
    expect(broken.stdout).toMatch(/broken at seq 2: /)
    expect(broken.stderr).toMatch(/^earshot: audit log broken at seq 2/)
  })
})

import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedDataDir } from './support/seedDataDir'
import { BACKEND_TOKEN, startBackend } from './support/startBackend'
import { openDataFolderSqlite } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function cliFor(dataDir: string) {
  return (args: string[]) =>
    runCliCaptured([...args, '--data-dir', dataDir], { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN })
}

function rows(dataDir: string, sql: string): unknown[] {
  const db = openDataFolderSqlite(dataDir, 'database', { readonly: true })
  try {
    return db.prepare(sql).all()
  } finally {
    db.close()
  }
}

describe('witnessed heads on the client', () => {
  it('keeps the head of every upload and remote deletion, and deleting the recording keeps them', async () => {
    const server = await startBackend(tempDir())
    cleanups.push(() => server.close())
    const dataDir = tempDir()
    const [first, second] = seedDataDir(dataDir, server.url, 2) as [string, string]
    const cli = cliFor(dataDir)
    expect((await cli(['upload', first, second])).code).toBe(0)
    expect((await cli(['delete', first, '--remote'])).code).toBe(0)

    const attempts = JSON.parse(
      (await cli(['audit', 'list', '--kind', 'attempt', '--json'])).stdout,
    ) as {
      seq: number
      hash: string
    }[]
    const heads = rows(dataDir, 'SELECT seq, hash, backend FROM witnessed_heads ORDER BY seq')
    expect(heads).toEqual(
      attempts.map(({ seq, hash }) => ({ seq, hash, backend: `${server.url}/` })),
    )
    expect(heads).toHaveLength(3)
    // The first recording's upload row went with it; the head its upload left did not.
    expect(rows(dataDir, 'SELECT recording_id FROM uploads')).toEqual([{ recording_id: second }])
    const receipt = rows(dataDir, 'SELECT receipt FROM deletions')[0] as { receipt: string }
    expect(JSON.parse(receipt.receipt)).toMatchObject({
      witnessedHead: { seq: attempts[2]?.seq, hash: attempts[2]?.hash },
    })

    const verified = await cli(['audit', 'verify'])
    expect(verified.stdout).toMatch(
      /^ok: 6 entries, head 6 [0-9a-f]{64}; agrees with 3 witnessed heads \(up to 5\)\n$/,
    )
  })

  it('refuses a receipt that names another head than the request carried, and keeps nothing from it', async () => {
    const liar = await startLyingBackend()
    cleanups.push(liar.close)
    const dataDir = tempDir()
    const [id] = seedDataDir(dataDir, liar.url, 1) as [string]
    const result = JSON.parse((await cliFor(dataDir)(['upload', id, '--json'])).stdout) as {
      state: string
      error: { code: string } | null
    }[]
    expect(result[0]).toMatchObject({ state: 'failed', error: { code: 'receipt-mismatch' } })
    expect(rows(dataDir, 'SELECT * FROM witnessed_heads')).toEqual([])
    expect(liar.sawHead()).toMatch(/^1\.[0-9a-f]{64}$/)
  })

  it('says in one sentence that --witness needs a backend', async () => {
    const dataDir = tempDir()
    seedDataDir(dataDir, null, 1)
    const result = await cliFor(dataDir)(['audit', 'verify', '--witness'])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      'earshot: No backend is set; set one with `earshot config set backend.url URL`.\n',
    )
  })
})

/** Answers every upload 201 with a well-formed receipt that names a head the request did not carry. */
async function startLyingBackend() {
  let head = ''
  const server = createServer((req, res) => {
    void readAll(req).then((body) => {
      head = String(req.headers['earshot-audit-head'])
      const upload = JSON.parse(body.toString('utf8')) as { recordingId: string }
      res.writeHead(201, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id: upload.recordingId,
          receivedAt: new Date().toISOString(),
          payloadSha256: createHash('sha256').update(body).digest('hex'),
          witnessedHead: { seq: 1, hash: 'f'.repeat(64) },
        }),
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sawHead: () => head,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

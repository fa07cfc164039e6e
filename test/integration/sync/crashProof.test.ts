import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { runCliProcess, spawnCli } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { seededRandom } from '../../unit/audit/support/seededRandom'
import { seedDataDir } from './support/seedDataDir'
import { BACKEND_TOKEN, startBackend } from './support/startBackend'
import { openDataFolderSqlite } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const TRANSCRIPTS = 200
const KILLS = 20

describe('crash proof: kill -9 during uploads loses nothing and stores nothing twice', () => {
  it(`survives ${KILLS} kills of a process uploading ${TRANSCRIPTS} transcripts`, async () => {
    const server = await startBackend(tempDir())
    cleanups.push(() => server.close())
    const dataDir = tempDir()
    const ids = seedDataDir(dataDir, server.url, TRANSCRIPTS)
    const env = { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN }
    const args = ['upload', '--all', '--json', '--data-dir', dataDir]
    const seed = Date.now() % 100_000
    const random = seededRandom(seed).next

    let killedMidUpload = 0
    for (let round = 0; round < KILLS; round++) {
      // Kill after a random number of further requests reach the backend, plus a random few
      // milliseconds, so the kill lands anywhere: during an audit append, mid-request, between
      // the answer and storing the receipt, or during start-up.
      const target = server.postCount() + 1 + Math.floor(random() * 12)
      const child = spawnCli(args, env)
      const state = { exited: false }
      const closed = once(child, 'close').then(() => (state.exited = true))
      while (!state.exited && server.postCount() < target) await sleep(2)
      await sleep(random() * 15)
      if (!state.exited) {
        child.kill('SIGKILL')
        killedMidUpload++
      }
      await closed
    }
    expect(killedMidUpload, `seed ${seed}`).toBe(KILLS)

    const last = await runCliProcess(args, env)
    expect(last.code, last.stderr).toBe(0)
    const outcomes = JSON.parse(last.stdout) as { id: string; state: string }[]
    expect(outcomes.filter((o) => o.state !== 'done')).toEqual([])
    expect(outcomes.map((o) => o.id).sort()).toEqual([...ids].sort())

    // The backend holds each transcript once, each stored under one idempotency key only: every
    // resend after a kill reused its key and was answered from it.
    expect(await server.backend.store.count()).toBe(TRANSCRIPTS)
    expect(server.keyCount()).toBe(TRANSCRIPTS)
    expect(server.maxKeysPerTranscript()).toBe(1)
    // More POSTs than transcripts: some kills landed after the backend stored a payload but
    // before its receipt was kept, and the resend under the same key was answered from the key.
    const resent = server.postCount() - TRANSCRIPTS
    expect(resent, `seed ${seed}`).toBeGreaterThan(0)
    console.info(`crash proof: seed ${seed}, ${KILLS} kills, ${resent} uploads resent after a kill`)

    const db = openDataFolderSqlite(dataDir, 'database', { readonly: true })
    const rows = db.prepare('SELECT recording_id AS id, state, receipt FROM uploads').all() as {
      id: string
      state: string
      receipt: string
    }[]
    db.close()
    expect(rows).toHaveLength(TRANSCRIPTS)
    for (const row of rows) {
      expect(row.state).toBe('done')
      const receipt = JSON.parse(row.receipt) as { payloadSha256: string }
      expect(receipt.payloadSha256).toBe((await server.backend.store.get(row.id))?.payloadSha256)
    }

    const verify = await runCliProcess(['audit', 'verify', '--json', '--data-dir', dataDir])
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true })
  }, 120_000)
})

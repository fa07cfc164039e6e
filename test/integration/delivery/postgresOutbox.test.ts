import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { generateWebhookSecret } from '../../../src/backend/delivery/generateWebhookSecret'
import { PostgresDeliveryStore } from '../../../src/backend/delivery/PostgresDeliveryStore'
import type { AuditLog } from '../../../src/core/audit/AuditLog'
import { useTempDir } from '../../support/tempDir'
import { eventually, sampleUpload, worldOn } from './support/deliveryWorld'
import { startReceiver, type Receiver } from '../../support/startReceiver'

// .ci/run starts a PostgreSQL cluster for the tests (issue 12); this is its development default.
const url =
  process.env.EARSHOT_TEST_POSTGRES_URL ??
  'postgres://earshot_dev:earshot_dev@127.0.0.1:5432/earshot_h7'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A fresh PostgreSQL schema per test, dropped afterwards. */
function freshSchema(): string {
  const name = `delivery_test_${randomBytes(6).toString('hex')}`
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
    await client.end()
  })
  return name
}

async function receiver(): Promise<Receiver> {
  const started = await startReceiver()
  cleanups.push(() => started.close())
  return started
}

/** One server process's delivery side: its store connection, its own audit log, its worker. */
async function server(schema: string, dir: string) {
  const world = worldOn(
    await PostgresDeliveryStore.connect(url, { schema }),
    join(dir, 'audit.db'),
    { retry: { baseMs: 300, capMs: 300, maxAttempts: 8 }, totalMs: 30_000 },
  )
  cleanups.push(world.close)
  return world
}

describe('the delivery outbox on PostgreSQL', () => {
  it('resumes a pending retry after a restart and delivers it once, verified', async () => {
    const hook = await receiver()
    hook.answer = () => ({ status: 500 })
    const schema = freshSchema()
    const dir = tempDir()
    const first = await server(schema, dir)
    const secret = generateWebhookSecret()
    await first.store.addDestination(
      { kind: 'webhook', url: hook.url, secret, events: ['upload.received'] },
      new Date().toISOString(),
    )
    first.service.start()
    const { eventIds } = await first.service.enqueueUpload(sampleUpload(), 'dana')
    await hook.waitFor(1)
    await first.close()
    const failed = hook.requests.length
    hook.answer = () => ({ status: 200 })

    const second = await server(schema, dir)
    expect((await second.store.listJobs())[0]).toMatchObject({ state: 'pending' })
    second.service.start()
    await eventually(async () => (await second.store.listJobs())[0]?.state === 'delivered')
    await new Promise((resolve) => setTimeout(resolve, 500))
    const delivered = hook.requests.slice(failed)
    expect(delivered).toHaveLength(1)
    expect(delivered[0]?.headers['webhook-id']).toBe(eventIds[0])
    const first0 = delivered[0]
    if (first0 === undefined) throw new Error('no delivery')
    expect(new Webhook(secret).verify(first0.body, first0.headers)).toMatchObject({
      type: 'upload.received',
    })
    expect(second.audit.verify()).toMatchObject({ ok: true })
  })

  it('never leases one job to two servers on the same database: each event arrives once', async () => {
    const hook = await receiver()
    const schema = freshSchema()
    const a = await server(schema, tempDir())
    const b = await server(schema, tempDir())
    const secret = generateWebhookSecret()
    await a.store.addDestination(
      { kind: 'webhook', url: hook.url, secret, events: ['upload.received'] },
      new Date().toISOString(),
    )
    const ids: string[] = []
    for (let i = 0; i < 30; i++) {
      const recordingId = `4b1d6c0e-8a53-4d7b-9a55-${String(i).padStart(12, '0')}`
      const { eventIds } = await (i % 2 === 0 ? a : b).service.enqueueUpload(
        sampleUpload(recordingId),
        'dana',
      )
      ids.push(eventIds[0] ?? '')
    }
    a.service.start()
    b.service.start()
    await eventually(async () => (await a.store.listJobs()).every((j) => j.state === 'delivered'))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const seen = hook.requests.map((r) => r.headers['webhook-id'])
    expect(seen).toHaveLength(30)
    expect(new Set(seen)).toEqual(new Set(ids))
    for (const request of hook.requests) new Webhook(secret).verify(request.body, request.headers)
    // Both servers took part, each on its own record.
    const attempts = (log: AuditLog) => log.list({ kind: 'attempt', limit: 1000 }).length
    expect(attempts(a.audit) + attempts(b.audit)).toBe(30)
  })
})

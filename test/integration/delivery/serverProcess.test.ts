import { once } from 'node:events'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { DeliveryService } from '../../../src/backend/delivery/DeliveryService'
import { SqliteDeliveryStore } from '../../../src/backend/delivery/SqliteDeliveryStore'
import { uploadReceivedData } from '../../../src/backend/delivery/deliveryDataFromUpload'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { spawnCli } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { addWebhookByCli, sampleUpload } from './support/deliveryWorld'
import { startReceiver } from '../../support/startReceiver'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('earshot backend delivers from its own process', () => {
  it('sends an outbox event left by a previous run through the gate, under the CLI tripwire', async () => {
    const hook = await startReceiver()
    cleanups.push(() => hook.close())
    const dir = tempDir()
    const db = join(dir, 'backend.db')
    const secret = await addWebhookByCli(hook.url, db)

    // A server that stored an upload and went down before delivering it.
    const store = SqliteDeliveryStore.open(db)
    const audit = AuditLog.open(join(dir, 'delivery-audit', 'audit.db'))
    const { eventId } = await new DeliveryService({ store, audit }).enqueue({
      type: 'upload.received',
      recordingId: sampleUpload().recordingId,
      member: 'dana',
      payload: uploadReceivedData(sampleUpload(), 'dana'),
    })
    await store.close()
    audit.close()

    // The CLI's own entry: tripwireFirst closes loopback to everything but the gate's sockets.
    const child = spawnCli(['backend', '--port', '0', '--json', '--db', db], {
      EARSHOT_BACKEND_TOKEN: 'a-backend-token-0123456789',
    })
    const exited = once(child, 'close')
    cleanups.push(async () => {
      if (child.exitCode === null) {
        child.kill('SIGKILL')
        await exited
      }
    })
    await hook.waitFor(1, 30_000)
    child.kill('SIGTERM')
    const [code] = (await exited) as [number | null]
    expect(code).toBe(0)

    const request = hook.requests[0]
    if (request === undefined) throw new Error('no delivery')
    expect(request.headers['webhook-id']).toBe(eventId)
    expect(new Webhook(secret).verify(request.body, request.headers)).toMatchObject({
      type: 'upload.received',
      data: { member: 'dana', recordingId: sampleUpload().recordingId },
    })
    const log = AuditLog.open(join(dir, 'delivery-audit', 'audit.db'))
    try {
      const entries = log.list({ purpose: 'delivery' })
      expect(entries.map((e) => e.kind)).toEqual(['attempt', 'outcome'])
      expect(new TextDecoder().decode(entries[0]?.payload ?? new Uint8Array())).toBe(request.body)
      expect(log.verify()).toMatchObject({ ok: true, entries: 2 })
    } finally {
      log.close()
    }
    const jobs = SqliteDeliveryStore.open(db)
    try {
      expect(await jobs.listJobs()).toMatchObject([{ state: 'delivered', attempts: 1 }])
    } finally {
      await jobs.close()
    }
  })

  it('delivers exactly once after the server is killed with SIGKILL while a retry is pending', async () => {
    const hook = await startReceiver()
    cleanups.push(() => hook.close())
    hook.answer = () => ({ status: 503 })
    const dir = tempDir()
    const db = join(dir, 'backend.db')
    const secret = await addWebhookByCli(hook.url, db)
    const env = { EARSHOT_BACKEND_TOKEN: 'a-backend-token-0123456789' }
    const store = SqliteDeliveryStore.open(db)
    const audit = AuditLog.open(join(dir, 'delivery-audit', 'audit.db'))
    const { eventId } = await new DeliveryService({ store, audit }).enqueue({
      type: 'upload.received',
      recordingId: sampleUpload().recordingId,
      member: 'dana',
      payload: uploadReceivedData(sampleUpload(), 'dana'),
    })
    await store.close()
    audit.close()

    const first = spawnCli(['backend', '--port', '0', '--json', '--db', db], env)
    const firstExit = once(first, 'close')
    await hook.waitFor(1, 30_000)
    // The 503 is settled (attempt 1, a retry due within the backoff window), then no goodbye.
    await new Promise((resolve) => setTimeout(resolve, 300))
    first.kill('SIGKILL')
    await firstExit
    const failed = hook.requests.length
    hook.answer = () => ({ status: 200 })

    const second = spawnCli(['backend', '--port', '0', '--json', '--db', db], env)
    const secondExit = once(second, 'close')
    cleanups.push(async () => {
      if (second.exitCode === null) {
        second.kill('SIGKILL')
        await secondExit
      }
    })
    await hook.waitFor(failed + 1, 30_000)
    await new Promise((resolve) => setTimeout(resolve, 500))
    second.kill('SIGTERM')
    await secondExit
    const successes = hook.requests.slice(failed)
    expect(successes).toHaveLength(1)
    expect(successes[0]?.headers['webhook-id']).toBe(eventId)
    for (const request of hook.requests) new Webhook(secret).verify(request.body, request.headers)
    const log = AuditLog.open(join(dir, 'delivery-audit', 'audit.db'))
    try {
      expect(log.list({ purpose: 'delivery', kind: 'attempt' })).toHaveLength(hook.requests.length)
      expect(log.verify()).toMatchObject({ ok: true })
    } finally {
      log.close()
    }
  })
})

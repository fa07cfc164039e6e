import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { generateWebhookSecret } from '../../../src/backend/delivery/generateWebhookSecret'
import type { DeliveryEventType } from '../../../src/shared/delivery'
import { useTempDir } from '../../support/tempDir'
import {
  eventually,
  openDeliveryWorld,
  sampleUpload,
  type DeliveryWorld,
} from './support/deliveryWorld'
import { startReceiver, type ReceivedRequest, type Receiver } from '../../support/startReceiver'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function receiver(): Promise<Receiver> {
  const started = await startReceiver()
  cleanups.push(() => started.close())
  return started
}

function world(dir = tempDir(), options: Parameters<typeof openDeliveryWorld>[1] = {}) {
  const opened = openDeliveryWorld(dir, options)
  cleanups.push(() => opened.close())
  return opened
}

async function addWebhook(
  w: DeliveryWorld,
  url: string,
  events: DeliveryEventType[] = ['upload.received', 'upload.deleted', 'signal.found'],
) {
  const secret = generateWebhookSecret()
  const destination = await w.store.addDestination(
    { kind: 'webhook', url, secret, events },
    new Date().toISOString(),
  )
  return { secret, destination }
}

/** What a receiver using the reference library does with every request: verify, then parse. */
function verified(
  secret: string,
  request: ReceivedRequest,
): { type: string; data: Record<string, unknown> } {
  return new Webhook(secret).verify(request.body, request.headers) as {
    type: string
    data: Record<string, unknown>
  }
}

const ok = (request: ReceivedRequest) => request.headers['webhook-id'] !== undefined

describe('webhook delivery (Standard Webhooks 1.0)', () => {
  it('signs every delivery so the standardwebhooks library verifies it, one event per id', async () => {
    const hook = await receiver()
    const w = world()
    const { secret } = await addWebhook(w, hook.url)
    w.service.start()
    const upload = sampleUpload()
    const { eventIds } = await w.service.enqueueUpload(upload, 'dana')
    expect(eventIds).toHaveLength(3)
    await hook.waitFor(3)
    await eventually(async () =>
      (await w.store.listJobs()).every((job) => job.state === 'delivered'),
    )

    expect(hook.requests.every(ok)).toBe(true)
    const bodies = hook.requests.map((request) => verified(secret, request))
    expect(new Set(hook.requests.map((request) => request.headers['webhook-id']))).toEqual(
      new Set(eventIds),
    )
    expect(bodies.map((body) => body.type).sort()).toEqual([
      'signal.found',
      'signal.found',
      'upload.received',
    ])
    const received = bodies.find((body) => body.type === 'upload.received')
    // Only what the upload held: no segments, no client, no metrics; the signals without indexes.
    expect(Object.keys(received?.data ?? {}).sort()).toEqual([
      'createdAt',
      'durationMs',
      'language',
      'member',
      'recordingId',
      'signals',
      'summary',
      'title',
    ])
    expect(received?.data.signals).toEqual(
      upload.signals.map(({ segmentIdx: _, ...signal }) => signal),
    )
    // A tampered body or another secret fails the same library check.
    const first = hook.requests[0] as ReceivedRequest
    expect(() => new Webhook(generateWebhookSecret()).verify(first.body, first.headers)).toThrow()
    expect(() => new Webhook(secret).verify(`${first.body} `, first.headers)).toThrow()
  })

  it('sends only the event types a destination subscribed to', async () => {
    const hook = await receiver()
    const w = world()
    const { secret } = await addWebhook(w, hook.url, ['upload.deleted'])
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    await w.service.enqueueDeletion({
      recordingId: sampleUpload().recordingId,
      member: 'dana',
      deletedAt: '2026-12-02T09:00:00.000Z',
    })
    await hook.waitFor(1)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(hook.requests).toHaveLength(1)
    expect(verified(secret, hook.requests[0] as ReceivedRequest)).toEqual({
      type: 'upload.deleted',
      timestamp: expect.any(String) as string,
      data: {
        recordingId: sampleUpload().recordingId,
        member: 'dana',
        deletedAt: '2026-12-02T09:00:00.000Z',
      },
    })
  })

  it('retries a 5xx with the same webhook-id, signed afresh, and delivers once', async () => {
    const hook = await receiver()
    let failures = 2
    hook.answer = () => (failures-- > 0 ? { status: 503 } : { status: 204 })
    const w = world()
    const { secret } = await addWebhook(w, hook.url, ['upload.received'])
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    await hook.waitFor(3)
    await eventually(async () => (await w.store.listJobs())[0]?.state === 'delivered')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(hook.requests).toHaveLength(3)
    expect(new Set(hook.requests.map((r) => r.headers['webhook-id'])).size).toBe(1)
    for (const request of hook.requests) verified(secret, request)
    const [job] = await w.store.listJobs()
    expect(job).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 204 })
  })

  it('resumes a pending retry after the worker and the database are closed and reopened', async () => {
    const hook = await receiver()
    hook.answer = () => ({ status: 500 })
    const dir = tempDir()
    const first = openDeliveryWorld(dir, { retry: { baseMs: 400, capMs: 400, maxAttempts: 6 } })
    const { secret } = await addWebhook(first, hook.url, ['upload.received'])
    first.service.start()
    const { eventIds } = await first.service.enqueueUpload(sampleUpload(), 'dana')
    await hook.waitFor(1)
    // Down mid-retry: the job is pending with its next attempt in the database.
    await first.close()
    const failed = hook.requests.length
    hook.answer = () => ({ status: 200, body: { ok: true } })

    const second = world(dir, { retry: { baseMs: 400, capMs: 400, maxAttempts: 6 } })
    expect((await second.store.listJobs())[0]).toMatchObject({ state: 'pending', attempts: 1 })
    second.service.start()
    await eventually(async () => (await second.store.listJobs())[0]?.state === 'delivered')
    await new Promise((resolve) => setTimeout(resolve, 600))
    const successes = hook.requests.slice(failed)
    expect(successes).toHaveLength(1)
    expect(successes[0]?.headers['webhook-id']).toBe(eventIds[0])
    expect(verified(secret, successes[0] as ReceivedRequest).type).toBe('upload.received')
  })

  it('disables an endpoint that answers 410 Gone and sends it nothing more', async () => {
    const hook = await receiver()
    hook.answer = () => ({ status: 410 })
    const w = world()
    const { destination } = await addWebhook(w, hook.url, ['upload.received'])
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    await eventually(async () => (await w.store.listDestinations())[0]?.disabledAt !== null)
    const [stored] = await w.store.listDestinations()
    expect(stored).toMatchObject({ id: destination.id, disabledReason: 'answered 410 Gone' })
    const again = await w.service.enqueue({
      type: 'upload.received',
      recordingId: sampleUpload('9f1c2b3a-1111-4222-8333-944455556666').recordingId,
      member: 'dana',
      payload: {
        recordingId: '9f1c2b3a-1111-4222-8333-944455556666',
        member: 'dana',
        durationMs: 1,
        language: null,
        createdAt: '2026-12-01T10:00:00.000Z',
        summary: null,
        signals: [],
      },
    })
    expect(again.jobs).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(hook.requests).toHaveLength(1)
  })

  it('waits out a 429 Retry-After even when its own backoff is shorter', async () => {
    const hook = await receiver()
    let first = true
    hook.answer = () => {
      if (!first) return { status: 200 }
      first = false
      return { status: 429, headers: { 'retry-after': '1' } }
    }
    const w = world()
    await addWebhook(w, hook.url, ['upload.received'])
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    await hook.waitFor(2)
    const [a, b] = hook.requests as [ReceivedRequest, ReceivedRequest]
    // The backoff is at most 160 ms here: only Retry-After explains a second's wait.
    expect(b.atMs - a.atMs).toBeGreaterThanOrEqual(950)
    expect(b.headers['webhook-id']).toBe(a.headers['webhook-id'])
  })

  it('times an attempt out and retries it', async () => {
    const hook = await receiver()
    let hung = false
    hook.answer = () => {
      if (hung) return { status: 200 }
      hung = true
      return { status: 200, hang: true }
    }
    const w = world(tempDir(), { totalMs: 300 })
    await addWebhook(w, hook.url, ['upload.received'])
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    await eventually(async () => (await w.store.listJobs())[0]?.state === 'delivered')
    const [job] = await w.store.listJobs()
    expect(job).toMatchObject({ attempts: 2, state: 'delivered' })
    expect(hook.requests).toHaveLength(2)
  })

  it('dead-letters after the last attempt', async () => {
    const hook = await receiver()
    hook.answer = () => ({ status: 500 })
    const w = world(tempDir(), { retry: { baseMs: 10, capMs: 20, maxAttempts: 3 } })
    await addWebhook(w, hook.url, ['upload.received'])
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    await eventually(async () => (await w.store.listJobs())[0]?.state === 'dead')
    expect((await w.store.listJobs())[0]).toMatchObject({
      attempts: 3,
      lastStatus: 500,
      lastError: 'gave up: http-500',
    })
    expect(hook.requests).toHaveLength(3)
  })

  it('forwards nothing more of a deleted upload: its pending events are dropped', async () => {
    const hook = await receiver()
    hook.answer = () => ({ status: 503 })
    const w = world(tempDir(), { retry: { baseMs: 300, capMs: 300, maxAttempts: 6 } })
    const { secret } = await addWebhook(w, hook.url)
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    // Every event tried once and waiting for its retry, which the deletion must then cancel.
    await eventually(async () => (await w.store.listJobs()).every((job) => job.attempts === 1))
    hook.answer = () => ({ status: 200 })
    const deletedAtMs = Date.now()
    await w.service.enqueueDeletion({
      recordingId: sampleUpload().recordingId,
      member: 'dana',
      deletedAt: '2026-12-02T09:00:00.000Z',
    })
    await eventually(async () => {
      const jobs = await w.store.listJobs()
      return jobs.length === 1 && jobs[0]?.state === 'delivered'
    })
    await new Promise((resolve) => setTimeout(resolve, 500))
    const after = hook.requests.filter((request) => request.atMs >= deletedAtMs)
    expect(after).toHaveLength(1)
    expect(verified(secret, after[0] as ReceivedRequest).type).toBe('upload.deleted')
    expect(after[0]?.body).not.toContain('SSO')
  })
})

import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { EgressError } from '../../../src/core/egress/EgressError'
import type { Db } from '../../../src/core/store/openDatabase'
import { BackendRequestError } from '../../../src/core/sync/BackendRequestError'
import { UploadQueue } from '../../../src/core/sync/UploadQueue'
import { UploadSender } from '../../../src/core/sync/UploadSender'
import type { UploadReceipt } from '../../../src/shared/upload'
import { useTempDir } from '../../support/tempDir'
import { fakeTime } from './support/fakeTime'
import { openTestDb } from './support/openTestDb'
import { seedRecording } from './support/seedRecording'

const tempDir = useTempDir()
const open: Db[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

const policy = { baseMs: 500, capMs: 4000, maxAttempts: 5, staleSendingMs: 60_000 }
const payload = new TextEncoder().encode('{"hello":"backend"}')
const sha = createHash('sha256').update(payload).digest('hex')

type Outcome = Error | 'ok' | 'wrong-receipt'

/** Answers the scripted outcomes in order: an error is thrown, 'ok' gives a proper receipt. */
function scriptedClient(outcomes: Outcome[]) {
  const calls: { key: string; body: string }[] = []
  return {
    calls,
    postTranscript(body: Uint8Array, key: string): Promise<UploadReceipt> {
      calls.push({ key, body: Buffer.from(body).toString() })
      const next = outcomes.shift() ?? 'ok'
      if (next instanceof Error) return Promise.reject(next)
      return Promise.resolve({
        id: recordingId,
        receivedAt: '2026-11-23T09:00:00.000Z',
        payloadSha256: next === 'ok' ? sha : '0'.repeat(64),
      })
    },
  }
}
let recordingId = ''

function setup(outcomes: Outcome[], random = () => 0.5) {
  const time = fakeTime()
  const { db, recordings } = openTestDb(tempDir())
  open.push(db)
  recordingId = seedRecording(recordings)
  const queue = new UploadQueue(db, time.clock)
  const row = queue.enqueue(recordingId, payload)
  const client = scriptedClient(outcomes)
  const sender = new UploadSender({
    queue,
    client,
    policy,
    clock: time.clock,
    sleep: time.sleep,
    random,
    pid: 1000,
    isProcessAlive: (pid) => pid === 1000,
  })
  return { queue, row, client, sender, time }
}

const unavailable = () => new BackendRequestError(503, 'The backend answered 503.', null)
const networkDown = () => new EgressError('network-error', 'The connection failed.')

describe('UploadSender', () => {
  it('renews the lease of a send in flight, so another process never takes back a live slow send', async () => {
    const { queue, row, time } = setup([])
    let answer: (receipt: UploadReceipt) => void = () => undefined
    const slow = {
      postTranscript: () =>
        new Promise<UploadReceipt>((resolve) => {
          answer = resolve
        }),
    }
    const sender = new UploadSender({
      queue,
      client: slow,
      policy,
      clock: time.clock,
      sleep: time.sleep,
      pid: 1000,
      isProcessAlive: (pid) => pid === 1000,
      leaseRenewMs: 10,
    })
    const draining = sender.drain()
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(queue.get(row.id)?.state).toBe('sending')
    // Far past the stale age on the clock; a renewal lands before the other process looks.
    time.advance(policy.staleSendingMs + 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(queue.recoverAbandoned((pid) => pid === 1000, policy.staleSendingMs)).toBe(0)
    answer({ id: recordingId, receivedAt: '2026-11-23T09:00:00.000Z', payloadSha256: sha })
    await draining
    expect(queue.get(row.id)).toMatchObject({ state: 'done', attempts: 1 })
    // Without renewals the same wait is a stale lease: the check above can fail.
    const stale = queue.enqueue(recordingId, new TextEncoder().encode('{"other":1}'))
    queue.claimDue(1000, [stale.id])
    time.advance(policy.staleSendingMs + 1)
    expect(queue.recoverAbandoned((pid) => pid === 1000, policy.staleSendingMs)).toBe(1)
  })

  it('retries 5xx and network errors with full-jitter backoff, then stores the receipt', async () => {
    const { queue, row, client, sender, time } = setup([
      unavailable(),
      networkDown(),
      unavailable(),
    ])
    await sender.drain()
    expect(queue.get(row.id)).toMatchObject({ state: 'done', attempts: 4, lastError: null })
    expect(queue.get(row.id)?.receipt?.payloadSha256).toBe(sha)
    // random() = 0.5: half of 500, 1000, 2000 ms.
    expect(time.sleeps).toEqual([250, 500, 1000])
    expect(new Set(client.calls.map((c) => c.key))).toEqual(new Set([row.idempotencyKey]))
    expect(client.calls.every((c) => c.body === '{"hello":"backend"}')).toBe(true)
  })

  it('caps each delay and gives up after the last attempt', async () => {
    const { queue, row, client, sender, time } = setup(
      Array.from({ length: 10 }, unavailable),
      () => 0.999,
    )
    await sender.drain()
    expect(client.calls).toHaveLength(policy.maxAttempts)
    expect(time.sleeps).toEqual([499, 999, 1998, 3996])
    expect(queue.get(row.id)).toMatchObject({
      state: 'failed',
      attempts: policy.maxAttempts,
      lastError: { code: 'backend-unavailable' },
    })
  })

  it('does not retry a 4xx and keeps the server reason', async () => {
    const refused = new BackendRequestError(
      422,
      'The backend answered 422 to the upload: Refused: media signature',
      'media-signature',
    )
    const { queue, row, client, sender, time } = setup([refused])
    await sender.drain()
    expect(client.calls).toHaveLength(1)
    expect(time.sleeps).toEqual([])
    expect(queue.get(row.id)).toMatchObject({
      state: 'failed',
      lastError: {
        code: 'backend-rejected',
        message: expect.stringContaining('media signature') as string,
      },
    })
  })

  it('treats 429 and 408 as "later", not "no"', async () => {
    const { queue, row, sender } = setup([
      new BackendRequestError(429, 'slow down', null),
      new BackendRequestError(408, 'timeout', null),
    ])
    await sender.drain()
    expect(queue.get(row.id)).toMatchObject({ state: 'done', attempts: 3 })
  })

  it('does not retry a request the gate refused', async () => {
    const { queue, row, client, sender } = setup([
      new EgressError('destination-not-allowed', 'not on the allowlist'),
    ])
    await sender.drain()
    expect(client.calls).toHaveLength(1)
    expect(queue.get(row.id)).toMatchObject({
      state: 'failed',
      lastError: { code: 'destination-not-allowed' },
    })
  })

  it('stops, leaving the row queued, when nothing can be audited', async () => {
    const { queue, row, sender } = setup([new EgressError('audit-failed', 'disk full')])
    await expect(sender.drain()).rejects.toMatchObject({ code: 'audit-failed' })
    expect(queue.get(row.id)?.state).toBe('queued')
  })

  it('refuses a receipt that names other bytes', async () => {
    const { queue, row, sender } = setup(['wrong-receipt'])
    await sender.drain()
    expect(queue.get(row.id)).toMatchObject({
      state: 'failed',
      lastError: { code: 'receipt-mismatch' },
    })
  })

  it('resends a row a killed process left sending, under the same key', async () => {
    const { queue, row, client, sender } = setup([])
    queue.claimDue(999_999) // "sent" by a process that then died
    await sender.drain()
    expect(client.calls).toEqual([{ key: row.idempotencyKey, body: '{"hello":"backend"}' }])
    expect(queue.get(row.id)).toMatchObject({ state: 'done', attempts: 2 })
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../../../src/core/store/openDatabase'
import { UploadQueue } from '../../../src/core/sync/UploadQueue'
import { useTempDir } from '../../support/tempDir'
import { fakeTime } from './support/fakeTime'
import { openTestDb } from './support/openTestDb'
import { seedRecording } from './support/seedRecording'

const tempDir = useTempDir()
const open: Db[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

function setup() {
  const time = fakeTime()
  const { db, recordings } = openTestDb(tempDir())
  open.push(db)
  const queue = new UploadQueue(db, time.clock)
  return { db, recordings, queue, time, id: seedRecording(recordings) }
}

const bytes = (text: string) => new TextEncoder().encode(text)
const receipt = (id: string, sha: string) => ({
  id,
  receivedAt: '2026-11-23T09:00:01.000Z',
  payloadSha256: sha,
})

describe('UploadQueue', () => {
  it('gives the same payload the same row and idempotency key, a changed payload a new key', () => {
    const { queue, id } = setup()
    const first = queue.enqueue(id, bytes('{"a":1}'))
    const again = queue.enqueue(id, bytes('{"a":1}'))
    const changed = queue.enqueue(id, bytes('{"a":2}'))
    expect(again.id).toBe(first.id)
    expect(again.idempotencyKey).toBe(first.idempotencyKey)
    expect(changed.idempotencyKey).not.toBe(first.idempotencyKey)
    expect(first.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(Buffer.from(first.payload).toString()).toBe('{"a":1}')
  })

  it('moves queued → sending → done and keeps the receipt', () => {
    const { queue, id } = setup()
    const row = queue.enqueue(id, bytes('{}'))
    const claimed = queue.claimDue(4242)
    expect(claimed).toMatchObject({ id: row.id, state: 'sending', attempts: 1, ownerPid: 4242 })
    expect(queue.claimDue(4242)).toBeUndefined()
    queue.markDone(row.id, receipt(id, row.payloadSha256))
    expect(queue.get(row.id)).toMatchObject({
      state: 'done',
      receipt: receipt(id, row.payloadSha256),
      ownerPid: null,
    })
    expect(queue.pendingCount()).toBe(0)
    // Asking again for a payload already done does not queue it again.
    expect(queue.enqueue(id, bytes('{}')).state).toBe('done')
  })

  it('holds a retried row back until its time has come', () => {
    const { queue, id, time } = setup()
    const row = queue.enqueue(id, bytes('{}'))
    queue.claimDue(1)
    queue.markRetry(row.id, 1500, { code: 'network-error', message: 'down' })
    expect(queue.get(row.id)).toMatchObject({ state: 'queued', attempts: 1 })
    expect(queue.claimDue(1)).toBeUndefined()
    expect(queue.nextDueAt()?.getTime()).toBe(time.clock().getTime() + 1500)
    time.advance(1499)
    expect(queue.claimDue(1)).toBeUndefined()
    time.advance(1)
    expect(queue.claimDue(1)).toMatchObject({ id: row.id, attempts: 2 })
  })

  it('claims only among the rows it is given', () => {
    const { queue, recordings, id } = setup()
    const other = seedRecording(recordings)
    queue.enqueue(id, bytes('{"x":1}'))
    const wanted = queue.enqueue(other, bytes('{"x":2}'))
    expect(queue.claimDue(1, [wanted.id])?.id).toBe(wanted.id)
    expect(queue.claimDue(1, [wanted.id])).toBeUndefined()
    expect(queue.claimDue(1, [])).toBeUndefined()
  })

  it('queues a failed payload again with its old key when asked again', () => {
    const { queue, id } = setup()
    const row = queue.enqueue(id, bytes('{}'))
    queue.claimDue(1)
    queue.markFailed(row.id, { code: 'backend-rejected', message: 'no' })
    expect(queue.get(row.id)?.state).toBe('failed')
    const again = queue.enqueue(id, bytes('{}'))
    expect(again).toMatchObject({
      state: 'queued',
      attempts: 0,
      idempotencyKey: row.idempotencyKey,
    })
  })

  it('takes back rows a dead process left sending, with the same key, and leaves live ones', () => {
    const { queue, recordings, id, time } = setup()
    const dead = queue.enqueue(id, bytes('{"d":1}'))
    const live = queue.enqueue(seedRecording(recordings), bytes('{"l":1}'))
    queue.claimDue(111)
    queue.claimDue(222)
    const alive = (pid: number) => pid === 222
    expect(queue.recoverAbandoned(alive, 60_000)).toBe(1)
    expect(queue.get(dead.id)).toMatchObject({
      state: 'queued',
      idempotencyKey: dead.idempotencyKey,
      attempts: 1,
    })
    expect(queue.get(live.id)?.state).toBe('sending')
    // A live-looking pid that has held a row far too long is a reused pid: taken back too.
    time.advance(60_001)
    expect(queue.recoverAbandoned(alive, 60_000)).toBe(1)
    expect(queue.get(live.id)?.state).toBe('queued')
  })

  it('loses the queue rows of a recording that is deleted', () => {
    const { queue, recordings, id } = setup()
    const row = queue.enqueue(id, bytes('{}'))
    recordings.delete(id)
    expect(queue.get(row.id)).toBeUndefined()
  })
})

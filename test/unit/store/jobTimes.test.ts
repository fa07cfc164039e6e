import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JobQueue } from '../../../src/core/store/JobQueue'
import { openDatabase } from '../../../src/core/store/openDatabase'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir()

/** A queue on a real database whose clock the test moves. */
function setup() {
  const db = openDatabase(join(tempDir(), 'earshot.db'), null)
  let now = Date.parse('2026-01-01T00:00:00Z')
  const queue = new JobQueue(db, () => new Date(now))
  const recordings = new RecordingStore(db)
  const add = (id: string, durationMs: number) => {
    recordings.insert({
      id,
      title: id,
      sourcePath: `/calls/${id}.mp4`,
      sourceSha256: id.padEnd(64, '0'),
      bytes: 1000,
      container: 'mp4',
      durationMs,
      channels: 1,
      importedAt: new Date(now).toISOString(),
      status: 'queued',
    })
  }
  const options = (modelPath: string) => ({
    modelPath,
    language: 'auto',
    threads: null,
    initialPrompt: null,
  })
  return {
    db,
    queue,
    add,
    options,
    advance: (ms: number) => {
      now += ms
    },
  }
}

describe('JobQueue timings (issue 14)', () => {
  it('numbers the queued recordings in the order they will run', () => {
    const t = setup()
    for (const id of ['a', 'b', 'c']) {
      t.add(id, 60_000)
      t.queue.enqueue(id, t.options('/m.bin'))
    }
    expect([...t.queue.queuePositions()]).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    t.queue.claimNext(1)
    expect([...t.queue.queuePositions()]).toEqual([
      ['b', 1],
      ['c', 2],
    ])
    t.db.close()
  })

  it('times a job from its claim, not its enqueue, and measures speed per model, newest first', () => {
    const t = setup()
    t.add('a', 60_000)
    t.add('b', 100_000)
    t.add('c', 10_000)
    const a = t.queue.enqueue('a', t.options('/base.bin'))
    const b = t.queue.enqueue('b', t.options('/base.bin'))
    const c = t.queue.enqueue('c', t.options('/small.bin'))
    t.advance(50_000) // waiting in the queue does not count
    t.queue.claimNext(1)
    t.advance(30_000)
    t.queue.finish(a, 'done')
    t.queue.claimNext(1)
    t.advance(20_000)
    t.queue.finish(b, 'done')
    t.queue.claimNext(1)
    t.advance(7_000)
    t.queue.finish(c, 'failed')
    expect(Object.fromEntries(t.queue.processingTimes())).toEqual({ a: 30_000, b: 20_000 })
    expect(t.queue.recentRealtimeFactors('/base.bin')).toEqual([0.2, 0.5])
    expect(t.queue.recentRealtimeFactors('/small.bin')).toEqual([])
    t.db.close()
  })
})

import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import { REPLAY_METHOD } from '../../../src/backend/delivery/replayDeadLetters'
import { runCliCaptured } from '../../support/runCliCaptured'
import { startReceiver } from '../../support/startReceiver'
import { teamEngines, useTeamDatabases } from '../../support/teamDatabases'
import { useTempDir } from '../../support/tempDir'
import {
  addWebhookByCli,
  eventually,
  openDeliveryWorldOn,
  sampleUpload,
} from './support/deliveryWorld'

const database = useTeamDatabases()
const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Listed {
  eventId: string
  type: string
  state: string
  attempts: number
  lastError: string | null
}

describe.each(teamEngines)('dead letters on %s', (engine) => {
  it('lists dead deliveries and replays them with their own event ids, on the server’s audit log', async () => {
    const hook = await startReceiver()
    cleanups.push(() => hook.close())
    hook.answer = () => ({ status: 500 })
    const db = await database(engine)
    const dataDir = tempDir()
    // Where `earshot backend` keeps its delivery audit log for this --db.
    const auditPath =
      engine === 'sqlite'
        ? join(db, '..', 'delivery-audit', 'audit.db')
        : join(dataDir, 'backend', 'delivery-audit', 'audit.db')
    const cli = (...args: string[]) =>
      runCliCaptured(['backend', 'deliveries', ...args, '--db', db, '--json'], {
        EARSHOT_DATA_DIR: dataDir,
      })
    const secret = await addWebhookByCli(hook.url, db)

    const world = await openDeliveryWorldOn(db, auditPath, {
      retry: { baseMs: 20, capMs: 40, maxAttempts: 2 },
    })
    cleanups.push(() => world.close())
    world.service.start()
    // upload.received and one signal.found per signal: three events, each dead after two 500s.
    const { eventIds } = await world.service.enqueueUpload(sampleUpload(), 'dana', {
      id: `msg_${'c'.repeat(32)}`,
    })
    expect(eventIds).toHaveLength(3)
    await eventually(async () => (await world.store.listJobs()).every((j) => j.state === 'dead'))
    const failed = hook.requests.length
    expect(failed).toBe(6)

    const dead = JSON.parse((await cli('list', '--dead')).stdout) as { deliveries: Listed[] }
    expect(dead.deliveries.map((d) => d.eventId).sort()).toEqual([...eventIds].sort())
    expect(dead.deliveries.every((d) => d.state === 'dead' && d.attempts === 2)).toBe(true)
    expect(dead.deliveries[0]?.lastError).toBe('gave up: http-500')

    hook.answer = () => ({ status: 204 })
    const [first, ...others] = eventIds
    if (first === undefined) throw new Error('no event')
    const one = await cli('replay', first)
    expect(one.code).toBe(0)
    expect((JSON.parse(one.stdout) as { replayed: Listed[] }).replayed).toMatchObject([
      { eventId: first, state: 'dead', attempts: 2 },
    ])
    const rest = JSON.parse((await cli('replay', '--all')).stdout) as { replayed: Listed[] }
    expect(rest.replayed.map((d) => d.eventId).sort()).toEqual([...others].sort())
    // Nothing dead is left to replay: the event id is answered in one sentence.
    const again = await cli('replay', first)
    expect(again.code).not.toBe(0)
    expect(JSON.parse(again.stderr)).toEqual({
      error: {
        code: 'dead-letter-not-found',
        message: `Event ${first} has no dead delivery to an enabled destination.`,
      },
    })

    await eventually(async () =>
      (await world.store.listJobs()).every((j) => j.state === 'delivered'),
    )
    const resent = hook.requests.slice(failed)
    expect(resent.map((r) => r.headers['webhook-id']).sort()).toEqual([...eventIds].sort())
    for (const request of resent) new Webhook(secret).verify(request.body, request.headers)
    // A whole retry schedule again: delivered at the first attempt after the replay.
    const jobs = await world.store.listJobs()
    expect(jobs.every((j) => j.attempts === 1 && j.replayedAtMs > 0)).toBe(true)
    expect((await cli('list', '--dead')).stdout).toBe('{"deliveries":[]}\n')

    const replays = world.audit
      .list({ purpose: 'delivery' })
      .filter((e) => e.method === REPLAY_METHOD)
    expect(replays).toHaveLength(3)
    expect(replays.every((e) => e.kind === 'outcome' && e.destination === hook.url)).toBe(true)
    const replayedIds = replays.map(
      (e) =>
        (JSON.parse(new TextDecoder().decode(e.payload ?? new Uint8Array())) as { eventId: string })
          .eventId,
    )
    expect(replayedIds.sort()).toEqual([...eventIds].sort())
    expect(replays[0]?.reason).toBe('replayed by an admin; it had died: gave up: http-500')
    expect(world.audit.verify()).toMatchObject({ ok: true })
  })
})

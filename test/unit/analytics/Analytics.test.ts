import { createInstance } from '@amplitude/analytics-node'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Analytics, type AnalyticsDeps } from '../../../src/core/analytics/Analytics'
import { EgressError } from '../../../src/core/egress/EgressError'
import { inspectBody } from '../../../src/core/egress/policy/inspectBody'
import { fakeAnalyticsGate, ok, until } from './fakeAnalyticsGate'

const installId = '3f2b8a4e-9c1d-4e7a-8b6f-0a1b2c3d4e5f'
const apiKey = '0123456789abcdef0123456789abcdef'
const now = new Date('2026-01-02T03:04:05.000Z')

const open: Analytics[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.dispose()))
})

function analytics(deps: Partial<AnalyticsDeps> & Pick<AnalyticsDeps, 'gate'>) {
  const createSdk = vi.fn(createInstance)
  const a = new Analytics({
    settings: { enabled: () => true },
    installId,
    appVersion: '0.1.0',
    apiKey,
    clock: () => now,
    flushIntervalMillis: 10,
    createSdk,
    ...deps,
  })
  open.push(a)
  return { analytics: a, createSdk }
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
/** Timers left once the SDK's zero-delay pipeline tick has run (it cannot hold a process). */
const settledTimers = async () => {
  await new Promise((resolve) => setTimeout(resolve, 20))
  return timers()
}

describe('Analytics', () => {
  it('creates nothing and sends nothing while the setting is off', async () => {
    const { gate, requests } = fakeAnalyticsGate()
    const before = timers()
    const { analytics: a, createSdk } = analytics({ gate, settings: { enabled: () => false } })
    a.track({ name: 'app_opened' })
    a.track({ name: 'import_finished', properties: { durationBucket: '5-15m', format: 'mp4' } })
    await a.flush()
    await a.dispose()
    expect(createSdk).not.toHaveBeenCalled()
    expect(requests).toHaveLength(0)
    expect(timers()).toBe(before)
  })

  it('sends a batch of exactly the schema fields through the gate once enabled', async () => {
    const { gate, requests, bodies } = fakeAnalyticsGate()
    const { analytics: a } = analytics({ gate })
    a.track({ name: 'app_opened' })
    a.track({
      name: 'transcription_speed',
      properties: { realtimeFactorBucket: '5-10x', model: 'base' },
    })
    await a.flush()

    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatchObject({
      purpose: 'analytics',
      url: 'https://api2.amplitude.com/2/httpapi',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    const batch = bodies()[0] as { events: Record<string, unknown>[] }
    expect(Object.keys(batch).sort()).toEqual(['api_key', 'client_upload_time', 'events'])
    expect(batch.events).toHaveLength(2)
    for (const event of batch.events) {
      // No user_id, no ip (so no "$remote" IP lookup), no platform/os/library fields.
      expect(Object.keys(event).sort()).toEqual([
        'app_version',
        'device_id',
        'event_properties',
        'event_type',
        'insert_id',
        'time',
      ])
      expect(event).toMatchObject({
        device_id: installId,
        app_version: '0.1.0',
        time: now.getTime(),
      })
    }
    expect(batch.events.map((e) => [e['event_type'], e['event_properties']])).toEqual([
      ['app_opened', {}],
      ['transcription_speed', { realtimeFactorBucket: '5-10x', model: 'base' }],
    ])
  })

  it('produces batches the egress body policy accepts', async () => {
    const { gate, requests } = fakeAnalyticsGate()
    const { analytics: a } = analytics({ gate })
    a.track({ name: 'app_opened' })
    a.track({ name: 'import_finished', properties: { durationBucket: '>60m', format: 'webm' } })
    a.track({
      name: 'transcription_speed',
      properties: { realtimeFactorBucket: '<1x', model: 'large' },
    })
    a.track({ name: 'upload_succeeded' })
    a.track({ name: 'upload_failed', properties: { code: 'timeout' } })
    a.track({ name: 'error', properties: { code: 'other' } })
    await a.flush()
    expect(requests).toHaveLength(1)
    for (const request of requests) expect(inspectBody(request.body)).toMatchObject({ ok: true })
  })

  it('sends on its own timer, without an explicit flush', async () => {
    const { gate, requests } = fakeAnalyticsGate()
    const { analytics: a } = analytics({ gate })
    a.track({ name: 'app_opened' })
    await until(() => requests.length === 1)
  })

  it('starts when the user opts in later, and stops sending when they opt out', async () => {
    let enabled = false
    const { gate, bodies } = fakeAnalyticsGate()
    const { analytics: a, createSdk } = analytics({ gate, settings: { enabled: () => enabled } })
    a.track({ name: 'app_opened' })
    await a.flush()
    expect(createSdk).not.toHaveBeenCalled()

    enabled = true
    a.track({ name: 'upload_succeeded' })
    await a.flush()
    expect(createSdk).toHaveBeenCalledTimes(1)
    expect(bodies()).toHaveLength(1)

    a.track({ name: 'upload_failed', properties: { code: 'network-error' } })
    enabled = false
    a.track({ name: 'app_opened' })
    await a.flush()
    // The event queued before opting out is dropped at the transport, the later one never queued.
    expect(bodies()).toHaveLength(1)
  })

  it('flushes on dispose, then leaves no timer and sends nothing more', async () => {
    const before = timers()
    const { gate, requests } = fakeAnalyticsGate()
    const { analytics: a } = analytics({ gate, flushIntervalMillis: 60_000 })
    a.track({ name: 'app_opened' })
    a.track({ name: 'upload_succeeded' })
    await a.dispose()
    expect(requests).toHaveLength(1)
    expect(await settledTimers()).toBeLessThanOrEqual(before)

    a.track({ name: 'app_opened' })
    await a.flush()
    expect(requests).toHaveLength(1)
  })

  it('leaves no timer after dispose even when an earlier flush left one armed', async () => {
    const before = timers()
    const { gate, requests } = fakeAnalyticsGate()
    const { analytics: a } = analytics({ gate, flushIntervalMillis: 60_000 })
    a.track({ name: 'app_opened' })
    await a.flush()
    a.track({ name: 'upload_succeeded' })
    await a.flush()
    a.track({ name: 'upload_failed', properties: { code: 'blocked' } })
    await a.dispose()
    expect(requests).toHaveLength(3)
    expect(await settledTimers()).toBeLessThanOrEqual(before)
  })

  it('drops a batch the gate refuses instead of retrying it', async () => {
    const { gate, requests } = fakeAnalyticsGate(() =>
      Promise.reject(new EgressError('destination-not-allowed', 'not on the allowlist')),
    )
    const { analytics: a } = analytics({ gate })
    a.track({ name: 'app_opened' })
    await until(() => requests.length === 1)
    await new Promise((resolve) => setTimeout(resolve, 1_200))
    expect(requests).toHaveLength(1)
  })

  it('retries a network failure with the SDK backoff, a bounded number of times', async () => {
    const { gate, requests, bodies } = fakeAnalyticsGate((_, n) =>
      n < 2 ? Promise.reject(new EgressError('network-error', 'reset')) : Promise.resolve(ok()),
    )
    const { analytics: a } = analytics({ gate })
    a.track({ name: 'app_opened' })
    await until(() => requests.length === 2, 3_000)
    // Same events (same insert_id, which Amplitude dedupes on); only client_upload_time moves.
    const events = bodies().map((b) => (b as { events: unknown }).events)
    expect(events[1]).toEqual(events[0])
  })

  it('gives up on a 5xx after flushMaxRetries attempts', async () => {
    const { gate, requests } = fakeAnalyticsGate(() => Promise.resolve(ok(503)))
    const { analytics: a } = analytics({ gate })
    a.track({ name: 'app_opened' })
    await until(() => requests.length === 3, 5_000)
    await new Promise((resolve) => setTimeout(resolve, 3_200))
    expect(requests).toHaveLength(3)
  })

  it('refuses a configuration whose install id is not a random UUID', () => {
    const { gate } = fakeAnalyticsGate()
    expect(() => analytics({ gate, installId: 'MAC-00:11:22:33:44:55' })).toThrow(/installId/)
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { uploadReceivedData } from '../../src/backend/delivery/deliveryDataFromUpload'
import { targetOf } from '../../src/backend/delivery/DeliveryService'
import { canonicalJsonText } from '../../src/core/egress/canonicalJsonText'
import { generateWebhookSecret } from '../../src/backend/delivery/generateWebhookSecret'
import { standardWebhookSignature } from '../../src/core/egress/standardWebhookSignature'
import { EgressError } from '../../src/core/egress/EgressError'
import { EgressGate } from '../../src/core/egress/EgressGate'
import { useTempDir } from '../support/tempDir'
import {
  eventually,
  openDeliveryWorld,
  sampleUpload,
  type DeliveryWorld,
} from '../integration/delivery/support/deliveryWorld'
import { startReceiver, type Receiver } from '../support/startReceiver'
import { startLoopbackServer, type LoopbackServer } from './support/redteamHarness'

// The team server's delivery door (issue 12): under purpose `delivery` only the destinations in
// its table may be reached, each URL exactly. The attacker controls what a configured endpoint
// answers (a redirect) or gets a request built against the server's own delivery gate; the
// listener that is not a destination must count zero requests.
const tempDir = useTempDir('earshot-redteam-delivery-')
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function elsewhere(): Promise<LoopbackServer> {
  const server = await startLoopbackServer(() => ({ status: 200, body: '{"ok":true}' }))
  cleanups.push(() => server.close())
  return server
}

async function endpoint(path = '/hook'): Promise<Receiver> {
  const receiver = await startReceiver(path)
  cleanups.push(() => receiver.close())
  return receiver
}

function world(): DeliveryWorld {
  const opened = openDeliveryWorld(tempDir())
  cleanups.push(() => opened.close())
  return opened
}

describe('red team: the team server delivers to configured destinations only', () => {
  it('a configured webhook answering with a redirect does not lead the worker elsewhere', async () => {
    const stolen = await elsewhere()
    const hook = await endpoint()
    hook.answer = () => ({ status: 307, headers: { location: `${stolen.origin}/steal` } })
    const slack = await endpoint('/services/T0/B0/xyz')
    slack.answer = () => ({ status: 302, headers: { location: `${stolen.origin}/slack` } })
    const w = world()
    const now = new Date().toISOString()
    await w.store.addDestination(
      {
        kind: 'webhook',
        url: hook.url,
        secret: generateWebhookSecret(),
        events: ['upload.received'],
      },
      now,
    )
    await w.store.addDestination(
      { kind: 'slack', url: slack.url, secret: '', events: ['upload.received'] },
      now,
    )
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    await hook.waitFor(1)
    await slack.waitFor(1)
    // The worker treats a redirect as a refusal: the jobs are settled, not retried elsewhere.
    await eventually(async () => (await w.store.listJobs()).every((job) => job.state === 'dead'))
    expect(stolen.hits).toHaveLength(0)
    const refused = w.audit.list({ purpose: 'delivery', limit: 100 })
    expect(refused.some((entry) => entry.destination.startsWith(stolen.origin))).toBe(false)
  })

  it('the server’s own delivery gate refuses every URL that is not exactly a destination', async () => {
    const stolen = await elsewhere()
    const hook = await endpoint()
    const w = world()
    const secret = generateWebhookSecret()
    const destination = await w.store.addDestination(
      { kind: 'webhook', url: hook.url, secret, events: ['upload.received'] },
      new Date().toISOString(),
    )
    // Built as DeliveryService builds it for its worker.
    const gate = new EgressGate({
      audit: w.audit,
      clock: () => new Date(),
      timeouts: { connectMs: 2000, totalMs: 5000 },
      deliveries: [targetOf(destination)],
    })
    cleanups.push(() => gate.close())
    const port = new URL(hook.origin).port
    const attempts = [
      `${stolen.origin}/hook`,
      `${stolen.origin}${new URL(hook.url).pathname}`,
      `${hook.origin}/other`,
      `${hook.url}/`,
      `${hook.url}?to=${encodeURIComponent(stolen.origin)}`,
      `${hook.url}#x`,
      `${hook.origin}/HOOK`,
      `${hook.origin}/hook/../other`,
      `${hook.origin}/%68ook`,
      `http://localhost:${port}/hook`,
      `http://user@127.0.0.1:${port}/hook`,
      `http://127.0.0.1:${port}@${stolen.origin.replace('http://', '')}/hook`,
    ]
    // A genuine webhook body, signed: only the URL makes any of these requests wrong.
    const body = new TextEncoder().encode(
      canonicalJsonText({
        type: 'upload.received',
        timestamp: new Date().toISOString(),
        data: uploadReceivedData(sampleUpload(), 'dana'),
      }),
    )
    const webhookId = `msg_${'ab'.repeat(16)}`
    const deliver = (url: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000))
      return gate.send({
        purpose: 'delivery',
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': webhookId,
          'webhook-timestamp': timestamp,
          'webhook-signature': standardWebhookSignature(secret, webhookId, timestamp, body),
        },
        body,
      })
    }
    for (const url of attempts) {
      await expect(deliver(url), url).rejects.toBeInstanceOf(EgressError)
    }
    // And under every other purpose the delivery gate has no destination at all.
    for (const purpose of ['upload', 'deletion', 'analytics'] as const) {
      await expect(
        gate.send({
          purpose,
          url: `${stolen.origin}/v1/transcripts`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: new TextEncoder().encode('{}'),
        }),
      ).rejects.toBeInstanceOf(EgressError)
    }
    expect(stolen.hits).toHaveLength(0)
    expect(hook.requests).toHaveLength(0)
    // The same request to the destination itself goes through (the refusals are not blanket).
    await expect(deliver(hook.url)).resolves.toMatchObject({ status: 200 })
    expect(hook.requests).toHaveLength(1)
    expect(stolen.hits).toHaveLength(0)
  })
})

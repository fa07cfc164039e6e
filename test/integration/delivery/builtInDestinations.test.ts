import { afterEach, describe, expect, it } from 'vitest'
import { useTempDir } from '../../support/tempDir'
import { eventually, fastRetry, openDeliveryWorld, sampleUpload } from './support/deliveryWorld'
import { startFakeHubspot } from './support/fakeHubspot'
import { startReceiver, type ReceivedRequest, type Receiver } from '../../support/startReceiver'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function receiver(path?: string): Promise<Receiver> {
  const started = await startReceiver(path)
  cleanups.push(() => started.close())
  return started
}

async function fakeHubspot() {
  const hubspot = await startFakeHubspot(HUBSPOT_TOKEN, 'buyer@acme.example')
  cleanups.push(() => hubspot.close())
  return hubspot
}

function world() {
  const opened = openDeliveryWorld(tempDir())
  cleanups.push(() => opened.close())
  return opened
}

const HUBSPOT_TOKEN = 'pat-na1-0123abcd-4567-89ef-0123-456789abcdef'

/**
 * Slack's incoming webhook as documented (api.slack.com/messaging/webhooks, Block Kit reference):
 * a JSON POST with `text` and `blocks`; answers `ok` as text/plain, `invalid_blocks` on a bad shape.
 */
function slackAnswer(request: ReceivedRequest) {
  const body = JSON.parse(request.body) as { text?: unknown; blocks?: unknown }
  const blocks = Array.isArray(body.blocks) ? (body.blocks as Record<string, unknown>[]) : []
  const valid =
    request.method === 'POST' &&
    request.headers['content-type'] === 'application/json' &&
    typeof body.text === 'string' &&
    blocks.length > 0 &&
    blocks.length <= 50 &&
    blocks.every((block) => {
      const text = block.text as { type?: unknown; text?: unknown } | undefined
      if (block.type === 'header')
        return text?.type === 'plain_text' && String(text.text).length <= 150
      if (block.type === 'section')
        return text?.type === 'mrkdwn' && String(text.text).length <= 3000
      if (block.type === 'context') {
        const elements = block.elements as { type?: unknown }[] | undefined
        return Array.isArray(elements) && elements.every((e) => e.type === 'mrkdwn')
      }
      return false
    })
  return valid ? { status: 200, body: 'ok' } : { status: 400, body: 'invalid_blocks' }
}

describe('built-in destinations', () => {
  it('posts a Block Kit summary of the call with its quotes to a Slack incoming webhook', async () => {
    const slack = await receiver('/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX')
    slack.answer = slackAnswer
    const w = world()
    await w.store.addDestination(
      { kind: 'slack', url: slack.url, secret: '', events: ['upload.received'] },
      new Date().toISOString(),
    )
    w.service.start()
    await w.service.enqueueUpload(sampleUpload(), 'dana')
    await eventually(async () => (await w.store.listJobs())[0]?.state === 'delivered')
    expect(slack.requests).toHaveLength(1)
    const message = JSON.parse((slack.requests[0] as ReceivedRequest).body) as {
      text: string
      blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[]
    }
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'dana: Acme renewal call' },
    })
    const sections = message.blocks.filter((b) => b.type === 'section').map((b) => b.text?.text)
    expect(sections).toContain('Renewal depends on SSO; Globex mentioned.')
    expect(sections.some((t) => t?.includes('> We really need SSO before we renew.'))).toBe(true)
    expect(sections.some((t) => t?.includes('*competitor*') && t.includes('Globex'))).toBe(true)
    expect(message.blocks.at(-1)?.elements?.[0]?.text).toMatch(/^2 signals · 30:00 · recording /)
    // signal.found is a webhook event: Slack gets one message per call, not one per signal.
    expect(await w.store.listJobs()).toHaveLength(1)
  })

  it('notes the call on the HubSpot contact found by the email, through the CRM v3 API', async () => {
    const hubspot = await fakeHubspot()
    const w = world()
    await w.store.addDestination(
      { kind: 'hubspot', url: hubspot.origin, secret: HUBSPOT_TOKEN, events: ['upload.received'] },
      new Date().toISOString(),
    )
    w.service.start()
    const { eventIds } = await w.service.enqueueUpload(sampleUpload(), 'dana', {
      contactEmail: 'buyer@acme.example',
    })
    await eventually(async () => (await w.store.listJobs())[0]?.state === 'delivered')
    expect(hubspot.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /crm/v3/objects/contacts/search',
      'POST /crm/v3/objects/notes/search',
      'POST /crm/v3/objects/notes',
    ])
    expect(hubspot.notes).toHaveLength(1)
    const note = hubspot.notes[0] as {
      properties: { hs_timestamp: string; hs_note_body: string }
      associations: unknown
    }
    expect(note.properties.hs_timestamp).toBe('2026-12-01T10:00:00.000Z')
    expect(note.properties.hs_note_body).toContain('We really need SSO before we renew.')
    // The event's token, which the notes search finds it by.
    expect(note.properties.hs_note_body).toContain(`Earshot event ${eventIds[0]?.slice(4) ?? ''}`)
    expect(note.associations).toEqual([
      {
        to: { id: '5150' },
        types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }],
      },
    ])
  })

  it('adds no second HubSpot note when the first one’s answer was lost and the attempt retried', async () => {
    const hubspot = await fakeHubspot()
    // HubSpot stores the note, and its answer never arrives: the attempt times out.
    hubspot.loseNextNoteAnswer = true
    const opened = openDeliveryWorld(tempDir(), { retry: fastRetry, totalMs: 400 })
    cleanups.push(() => opened.close())
    await opened.store.addDestination(
      { kind: 'hubspot', url: hubspot.origin, secret: HUBSPOT_TOKEN, events: ['upload.received'] },
      new Date().toISOString(),
    )
    opened.service.start()
    await opened.service.enqueueUpload(sampleUpload(), 'dana', {
      contactEmail: 'buyer@acme.example',
    })
    await eventually(async () => (await opened.store.listJobs())[0]?.state === 'delivered')
    expect(hubspot.notes).toHaveLength(1)
    const paths = hubspot.requests.map((r) => r.path)
    expect(paths.filter((path) => path === '/crm/v3/objects/notes')).toHaveLength(1)
    expect(paths.filter((path) => path === '/crm/v3/objects/notes/search')).toHaveLength(2)
    expect(await opened.store.listJobs()).toMatchObject([{ state: 'delivered', attempts: 2 }])
  })

  it('dead-letters a HubSpot note whose contact does not exist, and skips events without an email', async () => {
    const hubspot = await receiver('/')
    hubspot.answer = () => ({ status: 200, body: { total: 0, results: [] } })
    const w = world()
    await w.store.addDestination(
      { kind: 'hubspot', url: hubspot.origin, secret: HUBSPOT_TOKEN, events: ['upload.received'] },
      new Date().toISOString(),
    )
    w.service.start()
    const without = await w.service.enqueueUpload(sampleUpload(), 'dana')
    expect(without.eventIds).toHaveLength(3)
    expect(await w.store.listJobs()).toHaveLength(0)
    await w.service.enqueueUpload(sampleUpload('7a7a7a7a-1111-4222-8333-944455556666'), 'dana', {
      contactEmail: 'nobody@acme.example',
    })
    await eventually(async () => (await w.store.listJobs())[0]?.state === 'dead')
    expect((await w.store.listJobs())[0]?.lastError).toBe('hubspot-contact-not-found')
    expect(hubspot.requests).toHaveLength(1)
  })
})

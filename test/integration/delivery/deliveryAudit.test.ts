import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateWebhookSecret } from '../../../src/backend/delivery/generateWebhookSecret'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import { canonicalJsonText } from '../../../src/core/egress/canonicalJsonText'
import { EgressGate } from '../../../src/core/egress/EgressGate'
import { standardWebhookSignature } from '../../../src/core/egress/standardWebhookSignature'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { eventually, openDeliveryWorld, sampleUpload } from './support/deliveryWorld'
import { startReceiver, type Receiver } from '../../support/startReceiver'

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

describe("the server's delivery audit log", () => {
  it('holds one attempt per request sent, with its exact body, and verifies as an export', async () => {
    const hook = await receiver()
    const slack = await receiver('/services/T1/B1/abc')
    let failures = 1
    hook.answer = () => (failures-- > 0 ? { status: 502 } : { status: 200 })
    const dir = tempDir()
    const w = openDeliveryWorld(dir)
    cleanups.push(() => w.close())
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
    await eventually(async () => (await w.store.listJobs()).every((j) => j.state === 'delivered'))

    const entries = w.audit.list({ purpose: 'delivery' })
    const attempts = entries.filter((e) => e.kind === 'attempt')
    const outcomes = entries.filter((e) => e.kind === 'outcome')
    const sent = [...hook.requests, ...slack.requests]
    expect(attempts).toHaveLength(sent.length)
    expect(outcomes.map((e) => e.status).sort()).toEqual([200, 200, 502])
    expect(
      attempts.map((e) => new TextDecoder().decode(e.payload ?? new Uint8Array())).sort(),
    ).toEqual(sent.map((r) => r.body).sort())
    expect(new Set(attempts.map((e) => e.destination))).toEqual(new Set([hook.url, slack.url]))
    expect(w.audit.verify()).toMatchObject({ ok: true, entries: entries.length })

    const out = join(dir, 'delivery-audit.jsonl')
    w.audit.exportJsonl(out)
    expect(verifyJsonl({ path: out })).toMatchObject({ ok: true, entries: entries.length })
    const cli = await runCliCaptured(['audit', 'verify', '--file', out, '--json'])
    expect(cli.stderr).toBe('')
    expect(cli.code).toBe(0)
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true, entries: entries.length })
  })
})

describe('the delivery purpose of the egress gate', () => {
  async function gateWorld() {
    const configured = await receiver()
    const other = await receiver()
    const audit = AuditLog.open(join(tempDir(), 'audit.db'))
    const secret = generateWebhookSecret()
    const gate = new EgressGate({
      audit,
      clock: () => new Date(),
      deliveries: [{ kind: 'webhook', url: configured.url, secret }],
      // Even an origin named for `delivery` in config opens no URL that no destination names.
      extraOrigins: { delivery: [other.origin] },
    })
    cleanups.push(async () => {
      await gate.close()
      audit.close()
    })
    const body = new TextEncoder().encode(
      canonicalJsonText({
        type: 'upload.deleted',
        timestamp: '2026-12-02T09:00:00.000Z',
        data: {
          recordingId: sampleUpload().recordingId,
          member: 'dana',
          deletedAt: '2026-12-02T09:00:00.000Z',
        },
      }),
    )
    const id = `msg_${'a'.repeat(32)}`
    const signed = (payload: Uint8Array, key = secret) => {
      const timestamp = String(Math.floor(Date.now() / 1000))
      return {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': timestamp,
        'webhook-signature': standardWebhookSignature(key, id, timestamp, payload),
      }
    }
    const send = (url: string, headers: Record<string, string>, payload = body) =>
      gate.send({ purpose: 'delivery', url, method: 'POST', headers, body: payload })
    return { configured, other, audit, body, signed, send }
  }

  it('sends a signed event to a configured destination', async () => {
    const { configured, body, signed, send } = await gateWorld()
    expect((await send(configured.url, signed(body))).status).toBe(200)
    expect(configured.requests).toHaveLength(1)
  })

  it('refuses a destination not configured, and audits the refusal', async () => {
    const { other, configured, audit, body, signed, send } = await gateWorld()
    await expect(send(other.url, signed(body))).rejects.toMatchObject({
      code: 'blocked',
      rule: 'destination-not-allowed',
    })
    await expect(send(`${configured.origin}/elsewhere`, signed(body))).rejects.toMatchObject({
      rule: 'destination-not-allowed',
    })
    // The webhook's URL under another purpose: no route of `upload` goes there.
    const uploadGate = new EgressGate({
      auditSink: { append: () => undefined },
      clock: () => new Date(),
    })
    await expect(
      uploadGate.send({ purpose: 'upload', url: configured.url, method: 'POST', body }),
    ).rejects.toMatchObject({ code: 'blocked' })
    expect(other.requests).toHaveLength(0)
    expect(configured.requests).toHaveLength(0)
    const refused = audit.list({ purpose: 'delivery', kind: 'blocked' })
    expect(refused).toHaveLength(2)
    expect(audit.list({ kind: 'attempt' })).toHaveLength(0)
  })

  it('refuses a signature that is not the body’s, an extra header, and a field the schema lacks', async () => {
    const { configured, body, signed, send } = await gateWorld()
    await expect(send(configured.url, signed(body, generateWebhookSecret()))).rejects.toMatchObject(
      {
        rule: 'header-value-not-allowed',
      },
    )
    await expect(
      send(configured.url, { ...signed(body), 'x-extra': 'hello' }),
    ).rejects.toMatchObject({ rule: 'header-not-allowed' })
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { data: Record<string, unknown> }
    const smuggled = new TextEncoder().encode(
      canonicalJsonText({ ...parsed, data: { ...parsed.data, segments: ['the whole call'] } }),
    )
    await expect(send(configured.url, signed(smuggled), smuggled)).rejects.toMatchObject({
      rule: 'schema-mismatch',
    })
    const stale = { ...signed(body), 'webhook-timestamp': '1700000000' }
    await expect(send(configured.url, stale)).rejects.toMatchObject({
      rule: 'header-value-not-allowed',
    })
    expect(configured.requests).toHaveLength(0)
  })

  it('holds HubSpot to its token, its three CRM paths and each path’s body', async () => {
    const hubspot = await receiver('/')
    const token = 'pat-na1-aaaabbbb-cccc-dddd-eeee-ffff00001111'
    const audit = AuditLog.open(join(tempDir(), 'audit.db'))
    const gate = new EgressGate({
      audit,
      clock: () => new Date(),
      deliveries: [{ kind: 'hubspot', baseUrl: hubspot.origin, token }],
    })
    cleanups.push(async () => {
      await gate.close()
      audit.close()
    })
    const search = new TextEncoder().encode(
      canonicalJsonText({
        filterGroups: [
          { filters: [{ propertyName: 'email', operator: 'EQ', value: 'a@b.example' }] },
        ],
        limit: 1,
        properties: ['email'],
      }),
    )
    const send = (path: string, authorization: string) =>
      gate.send({
        purpose: 'delivery',
        url: `${hubspot.origin}${path}`,
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: search,
      })
    await expect(
      send('/crm/v3/objects/contacts/search', 'Bearer pat-na1-someone-else-0000'),
    ).rejects.toMatchObject({
      rule: 'header-value-not-allowed',
    })
    await expect(send('/crm/v3/objects/contacts', `Bearer ${token}`)).rejects.toMatchObject({
      rule: 'destination-not-allowed',
    })
    // A contact search's body is not a notes search's: what goes to each path is its own shape.
    await expect(send('/crm/v3/objects/notes/search', `Bearer ${token}`)).rejects.toMatchObject({
      code: 'blocked',
    })
    expect(hubspot.requests).toHaveLength(0)
    hubspot.answer = () => ({ status: 200, body: { total: 0, results: [] } })
    expect((await send('/crm/v3/objects/contacts/search', `Bearer ${token}`)).status).toBe(200)
    expect(hubspot.requests).toHaveLength(1)
  })
})

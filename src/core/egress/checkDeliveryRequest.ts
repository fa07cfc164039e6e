import { createHash } from 'node:crypto'
import type { z } from 'zod'
import {
  HubspotContactSearch,
  HubspotNoteCreate,
  HubspotNoteSearch,
  SlackMessage,
  WebhookEventBody,
} from '../../shared/delivery'
import { blocked, checkBody, checkUrl, sameSecret, type CheckedSend } from './checkSendRequest'
import { hubspotPaths, type DeliveryTarget } from './deliveryTargets'
import type { SendRequest } from './SendRequest'
import { standardWebhookSignature } from './standardWebhookSignature'

/** The team server's destinations as the gate holds them. */
export interface DeliveryAllowlist {
  /** Origins of the targets: what the gate's connector may reach for `delivery`. */
  origins: ReadonlySet<string>
  targets: readonly DeliveryTarget[]
}

/** Standard Webhooks 1.0 advises receivers to refuse timestamps more than 5 minutes off. */
const maxClockSkewSeconds = 5 * 60
const webhookId = /^msg_[0-9a-f]{32}$/
const unixSeconds = /^[1-9][0-9]{9}$/
const json = /^application\/json(?:; charset=utf-8)?$/

interface DeliveryShape {
  body: z.ZodType
  /** Required headers, in the order they are passed on. */
  headers: readonly string[]
}

/**
 * `checkSendRequest` for the `delivery` purpose (issue 12): the URL must be one a destination names
 * exactly (HubSpot: its three CRM paths), the method POST, the body canonical JSON of that
 * destination's schema, and every header fixed or fully determined: a webhook's signature is
 * recomputed here from its secret, its id shaped, its timestamp within five minutes of the gate's
 * clock, HubSpot's Authorization exactly the configured token. Throws `EgressError('blocked')`.
 */
export function checkDeliveryRequest(
  request: SendRequest,
  body: Uint8Array | undefined,
  allowlist: DeliveryAllowlist,
  now: Date,
): CheckedSend {
  const url = checkUrl(request.url, allowlist.origins)
  const target = allowlist.targets.find((candidate) => targetMatches(candidate, url))
  if (target === undefined) {
    throw blocked('destination-not-allowed', 'No delivery destination is configured at this URL.')
  }
  if (request.method !== 'POST') {
    throw blocked('method-not-allowed', `Deliveries may not use ${request.method.slice(0, 10)}.`)
  }
  const shape = shapeOf(target, url)
  const given = lowerCaseHeaders(request.headers ?? {})
  for (const name of Object.keys(given)) {
    if (!shape.headers.includes(name)) {
      throw blocked('header-not-allowed', `A delivery may not set the ${name.slice(0, 40)} header.`)
    }
  }
  const headers: Record<string, string> = {}
  for (const name of shape.headers) {
    const value = given[name]
    if (value === undefined) {
      throw blocked('header-missing', `This delivery must set the ${name} header.`)
    }
    headers[name] = value
  }
  const parsed = checkBody(body, { method: 'POST', body: shape.body }, 'delivery')
  const bytes = body ?? new Uint8Array()
  if (!json.test(headers['content-type'] ?? '')) {
    throw refusedValue('content-type')
  }
  if (
    target.kind === 'hubspot' &&
    !sameSecret(headers.authorization ?? '', `Bearer ${target.token}`)
  ) {
    throw refusedValue('authorization')
  }
  if (target.kind === 'webhook') checkSignature(headers, target.secret, bytes, now)
  return {
    url,
    route: { method: 'POST', path: /^/, body: shape.body, headers: [] },
    headers,
    json: parsed,
    bodySha256: createHash('sha256').update(bytes).digest('hex'),
  }
}

function targetMatches(target: DeliveryTarget, url: URL): boolean {
  if (target.kind !== 'hubspot') return target.url === url.href
  return (
    new URL(target.baseUrl).origin === url.origin &&
    (Object.values(hubspotPaths) as string[]).includes(url.pathname)
  )
}

function shapeOf(target: DeliveryTarget, url: URL): DeliveryShape {
  switch (target.kind) {
    case 'webhook':
      return {
        body: WebhookEventBody,
        headers: ['content-type', 'webhook-id', 'webhook-timestamp', 'webhook-signature'],
      }
    case 'slack':
      return { body: SlackMessage, headers: ['content-type'] }
    case 'hubspot':
      return {
        body:
          url.pathname === hubspotPaths.search
            ? HubspotContactSearch
            : url.pathname === hubspotPaths.noteSearch
              ? HubspotNoteSearch
              : HubspotNoteCreate,
        headers: ['authorization', 'content-type'],
      }
  }
}

function checkSignature(
  headers: Readonly<Record<string, string>>,
  secret: string,
  body: Uint8Array,
  now: Date,
): void {
  const id = headers['webhook-id'] ?? ''
  const timestamp = headers['webhook-timestamp'] ?? ''
  if (!webhookId.test(id)) throw refusedValue('webhook-id')
  if (
    !unixSeconds.test(timestamp) ||
    Math.abs(Number(timestamp) - now.getTime() / 1000) > maxClockSkewSeconds
  ) {
    throw refusedValue('webhook-timestamp')
  }
  // One signature, the one this body, id and time give: the header has no room for anything else.
  if (
    !sameSecret(
      headers['webhook-signature'] ?? '',
      standardWebhookSignature(secret, id, timestamp, body),
    )
  ) {
    throw refusedValue('webhook-signature')
  }
}

function lowerCaseHeaders(given: Readonly<Record<string, string>>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [rawName, value] of Object.entries(given)) {
    const name = rawName.toLowerCase()
    if (Object.hasOwn(headers, name)) {
      throw blocked('header-not-allowed', `The ${name.slice(0, 40)} header is given twice.`)
    }
    if (typeof value !== 'string') throw refusedValue(name.slice(0, 40))
    headers[name] = value
  }
  return headers
}

function refusedValue(name: string) {
  return blocked('header-value-not-allowed', `The ${name} header's value is not the one allowed.`)
}

import { createHash, randomBytes } from 'node:crypto'

/**
 * The one shape an event id has (Standard Webhooks' `webhook-id`): `msg_` and 32 hex digits. The
 * egress gate lets no other `webhook-id` out (checkDeliveryRequest), so every id is made here.
 */
export const EVENT_ID = /^msg_[0-9a-f]{32}$/

/** A fresh id, for an event no retry can hand over again. */
export function randomEventId(): string {
  return `msg_${randomBytes(16).toString('hex')}`
}

/**
 * A stable id: the same fact always gets the same one, so an event handed over again (a client's
 * retried upload, a signal of that upload) is recognised in the outbox and enqueued once.
 */
export function derivedEventId(...fact: readonly string[]): string {
  return `msg_${createHash('sha256').update(fact.join('\n')).digest('hex').slice(0, 32)}`
}

import { createHash } from 'node:crypto'
import type { AnalyticsBatch } from '../../../shared/analytics'
import { analyticsEventProperties } from '../../../shared/analytics'
import { canonicalJsonText } from '../canonicalJsonText'

/**
 * The analytics purpose's own bound (issue 10). An event is one of the contract's closed
 * choices (its name and enum properties), at a time on a one-second grid inside a window around
 * now; its `insert_id` is derived from it (a random one would carry 122 bits), its device and app
 * version are this installation's. What is left to choose is counted below.
 */
export const ANALYTICS_BUDGET = Object.freeze({
  timeGridMs: 1000,
  /** Events queued while offline may be this old. */
  maxAgeMs: 7 * 24 * 3600 * 1000,
  maxAheadMs: 60_000,
  maxEvents: 200,
})

/** Amplitude's dedup key for an event, derived from the event itself (RFC 9562 §5.8 UUIDv8). */
export function deriveInsertId(event: {
  device_id: string
  event_type: string
  event_properties: unknown
  time: number
}): string {
  const hash = createHash('sha256')
    .update(
      `earshot-insert-id/v1\n${canonicalJsonText({
        device_id: event.device_id,
        event_type: event.event_type,
        event_properties: event.event_properties,
        time: event.time,
      })}`,
    )
    .digest()
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x80
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** How many distinct (event name, properties) pairs the contract allows: 105 today. */
export function analyticsEventChoices(): number {
  let choices = 0
  for (const schema of Object.values(analyticsEventProperties)) {
    let product = 1
    for (const field of Object.values(schema.shape) as { options?: readonly unknown[] }[]) {
      product *= field.options?.length ?? 1
    }
    choices += product
  }
  return choices
}

export interface AnalyticsContext {
  now: Date
  /** This installation's id and version, and the configured project key, when the gate knows them. */
  installId?: string
  appVersion?: string
  apiKey?: string
}

export type AnalyticsMeasure =
  { ok: true; bits: number } | { ok: false; rule: string; reason: string }

/** Refuses a batch outside the bound, or counts its free choices in bits. Pure. */
export function measureAnalyticsBatch(
  batch: AnalyticsBatch,
  context: AnalyticsContext,
): AnalyticsMeasure {
  const budget = ANALYTICS_BUDGET
  const now = context.now.getTime()
  const steps = (budget.maxAgeMs + budget.maxAheadMs) / budget.timeGridMs + 1
  const timeBits = Math.log2(steps)
  const inWindow = (ms: number) =>
    ms % budget.timeGridMs === 0 && ms >= now - budget.maxAgeMs && ms <= now + budget.maxAheadMs
  const refuse = (rule: string, reason: string): AnalyticsMeasure => ({ ok: false, rule, reason })

  let bits = Math.log2(budget.maxEvents + 1)
  // Unpinned, the key and the device are free choices, counted once per batch.
  if (context.apiKey === undefined) bits += 128
  else if (batch.api_key !== context.apiKey) {
    return refuse('analytics-not-pinned', 'The analytics batch carries another project key.')
  }
  const devices = new Set(batch.events.map((event) => event.device_id))
  const versions = new Set(batch.events.map((event) => event.app_version))
  if (devices.size > 1 || versions.size > 1) {
    return refuse('analytics-not-pinned', 'An analytics batch comes from one device and version.')
  }
  if (context.installId === undefined) bits += 122
  else if (!devices.has(context.installId)) {
    return refuse('analytics-not-pinned', 'The analytics device id is not this installation’s.')
  }
  if (context.appVersion === undefined) bits += 8 * 30
  else if (!versions.has(context.appVersion)) {
    return refuse('analytics-not-pinned', 'The analytics app version is not this app’s.')
  }
  if (batch.client_upload_time !== undefined) {
    if (!inWindow(Date.parse(batch.client_upload_time))) {
      return refuse('analytics-time', 'The batch’s upload time is not a whole second near now.')
    }
    bits += timeBits
  }
  bits += 1
  const eventBits = Math.log2(analyticsEventChoices()) + timeBits
  for (const event of batch.events) {
    if (!inWindow(event.time)) {
      return refuse('analytics-time', 'An analytics event’s time is not a whole second near now.')
    }
    if (event.insert_id !== deriveInsertId(event)) {
      return refuse(
        'analytics-insert-id',
        'An analytics insert_id is not the one derived from its event.',
      )
    }
    bits += eventBits
  }
  return { ok: true, bits }
}

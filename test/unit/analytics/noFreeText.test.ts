import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { Analytics } from '../../../src/core/analytics/Analytics'
import { AnalyticsError } from '../../../src/core/analytics/AnalyticsError'
import { AnalyticsEvent, analyticsEventProperties } from '../../../src/shared/analytics'
import type { TrackedEvent } from '../../../src/core/analytics/TrackedEvent'
import { deriveInsertId } from '../../../src/core/egress/capacity/measureAnalyticsBatch'
import { toWireBatch } from '../../../src/core/analytics/toWireBatch'
import { fakeAnalyticsGate } from './fakeAnalyticsGate'

const filePath = '/Users/ann/Calls/acme-pricing-call.mp4'
const transcript = 'the customer said their budget is forty thousand'

/** Why `schema` could carry free text, or undefined if every value it admits is a fixed choice. */
function freeTextIn(schema: z.core.$ZodType, path: string): string | undefined {
  const def = schema._zod.def
  switch (def.type) {
    case 'enum':
    case 'literal':
    case 'number':
    case 'boolean':
      return undefined
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'default':
      return freeTextIn((def as unknown as { innerType: z.core.$ZodType }).innerType, path)
    case 'object': {
      const { shape, catchall } = def as unknown as {
        shape: Record<string, z.core.$ZodType>
        catchall?: z.core.$ZodType
      }
      if (catchall?._zod.def.type !== 'never') return `${path} admits unknown keys`
      for (const [key, value] of Object.entries(shape)) {
        const found = freeTextIn(value, `${path}.${key}`)
        if (found !== undefined) return found
      }
      return undefined
    }
    default:
      return `${path} is a ${def.type}`
  }
}

const crafted: [string, unknown][] = [
  [
    'a file path as an enum value',
    { name: 'import_finished', properties: { durationBucket: '5-15m', format: filePath } },
  ],
  [
    'transcript text in an extra property',
    { name: 'error', properties: { code: 'other', message: transcript } },
  ],
  ['a property on an event that has none', { name: 'app_opened', properties: { path: filePath } }],
  ['text beside the event', { name: 'upload_succeeded', note: transcript }],
  ['an event name that is not in the list', { name: transcript, properties: {} }],
  ['a number where an enum goes', { name: 'upload_failed', properties: { code: 42 } }],
]

describe('analytics events cannot carry free text', () => {
  it.each(Object.entries(analyticsEventProperties))(
    'the %s properties admit only enum, number or boolean values',
    (name, schema) => {
      expect(freeTextIn(schema, name)).toBeUndefined()
    },
  )

  it('every event of the wire schema has enum-only properties', () => {
    expect(AnalyticsEvent.options.map((o) => o.shape.event_type.value).sort()).toEqual(
      Object.keys(analyticsEventProperties).sort(),
    )
    for (const option of AnalyticsEvent.options) {
      const name = option.shape.event_type.value
      expect(freeTextIn(option.shape.event_properties, name)).toBeUndefined()
    }
  })

  it('the introspection itself flags a string property', async () => {
    const { z } = await import('zod')
    expect(freeTextIn(z.strictObject({ note: z.string() }), 'x')).toBe('x.note is a string')
    expect(freeTextIn(z.object({}), 'x')).toBe('x admits unknown keys')
  })

  it.each(crafted)('track refuses %s at run time, and nothing is sent', async (_, event) => {
    const { gate, requests } = fakeAnalyticsGate()
    const a = new Analytics({
      gate,
      settings: { enabled: () => true },
      installId: '3f2b8a4e-9c1d-4e7a-8b6f-0a1b2c3d4e5f',
      appVersion: '0.1.0',
      apiKey: '0123456789abcdef0123456789abcdef',
      flushIntervalMillis: 10,
    })
    let error: unknown
    try {
      a.track(event as TrackedEvent)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AnalyticsError)
    // The refusal names no refused value: errors end up in logs.
    expect(String(error)).not.toContain(filePath)
    expect(String(error)).not.toContain(transcript)
    await a.dispose()
    expect(requests).toHaveLength(0)
  })

  it('rejects free text at compile time too', () => {
    const a = new Analytics({
      gate: fakeAnalyticsGate().gate,
      settings: { enabled: () => false },
      installId: '3f2b8a4e-9c1d-4e7a-8b6f-0a1b2c3d4e5f',
      appVersion: '0.1.0',
      apiKey: '0123456789abcdef0123456789abcdef',
    })
    expect(() => {
      a.track({
        name: 'import_finished',
        // @ts-expect-error a path is not a MediaFormat
        properties: { durationBucket: '5-15m', format: filePath },
      })
    }).toThrow(AnalyticsError)
    expect(() => {
      a.track({
        name: 'upload_failed',
        // @ts-expect-error upload_failed has no `message`
        properties: { code: 'timeout', message: transcript },
      })
    }).toThrow(AnalyticsError)
    expect(() => {
      // @ts-expect-error not one of the fixed events
      a.track({ name: 'transcript_viewed' })
    }).toThrow(AnalyticsError)
  })

  it('the transport sends nothing for an SDK payload outside the schema', () => {
    const event = {
      event_type: 'import_finished',
      event_properties: { durationBucket: '5-15m', format: filePath },
      device_id: '3f2b8a4e-9c1d-4e7a-8b6f-0a1b2c3d4e5f',
      time: 1,
      insert_id: '5f0c3a8e-1b2d-4c3e-9f4a-6b7c8d9e0f1a',
      app_version: '0.1.0',
    }
    const payload = { api_key: '0123456789abcdef0123456789abcdef', events: [event] }
    expect(toWireBatch(payload)).toBeUndefined()
    const fine = { ...event, event_properties: { durationBucket: '5-15m', format: 'mp4' } }
    // Fields outside the schema (a user id, the IP) are never projected onto the wire.
    const withExtras = { ...fine, user_id: 'ann@example.com', ip: '$remote' }
    // On the wire the time is a whole second and the insert_id derived from the event (issue 10).
    const rest = {
      event_type: fine.event_type,
      event_properties: fine.event_properties,
      device_id: fine.device_id,
      time: 0,
      app_version: fine.app_version,
    }
    expect(toWireBatch({ ...payload, events: [withExtras] })?.events).toEqual([
      { ...rest, insert_id: deriveInsertId(rest) },
    ])
  })
})

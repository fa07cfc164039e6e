import { z } from 'zod'
import { analyticsEventProperties } from '../../shared/analytics'
import { AnalyticsError } from './AnalyticsError'

type PropertySchemas = typeof analyticsEventProperties
export type AnalyticsEventName = keyof PropertySchemas

/**
 * What `Analytics.track` takes, derived from the shared schema: one of the fixed event names, and
 * properties whose values are enum members. A string outside an enum does not type-check.
 */
export type TrackedEvent = {
  [N in AnalyticsEventName]: string extends keyof z.infer<PropertySchemas[N]>
    ? { name: N; properties?: z.infer<PropertySchemas[N]> }
    : { name: N; properties: z.infer<PropertySchemas[N]> }
}[AnalyticsEventName]

const eventNames = Object.keys(analyticsEventProperties) as [
  AnalyticsEventName,
  ...AnalyticsEventName[],
]
const envelope = z.strictObject({ name: z.enum(eventNames), properties: z.unknown().optional() })

/**
 * The run-time half of the type above: the types vanish at a cast or across IPC, so every event
 * is parsed against the strict schema before the SDK sees it. Throws, naming no refused value.
 */
export function parseTrackedEvent(input: unknown): {
  name: AnalyticsEventName
  properties: Record<string, unknown>
} {
  const outer = envelope.safeParse(input)
  if (!outer.success) {
    throw new AnalyticsError(
      'invalid-event',
      'Refused an analytics event that is not one of the fixed events.',
    )
  }
  const { name, properties } = outer.data
  const inner = analyticsEventProperties[name].safeParse(properties ?? {})
  if (!inner.success) {
    throw new AnalyticsError(
      'invalid-event',
      `Refused a ${name} analytics event: its properties are not in the fixed schema.`,
    )
  }
  return { name, properties: inner.data }
}

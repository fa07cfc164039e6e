import type { z } from 'zod'
import { analyticsEventProperties } from '../../../shared/analytics'

type EventName = keyof typeof analyticsEventProperties

/** Plain words for each event the analytics contract allows; a new event needs words here too. */
const eventWords: Record<EventName, string> = {
  app_opened: 'Earshot was opened.',
  import_finished: 'A recording finished importing: how long it was, roughly, and its file type.',
  transcription_speed: 'How fast transcription ran, roughly, and which size of model did it.',
  upload_succeeded: 'An upload to your backend worked.',
  upload_failed: 'An upload failed, and the kind of failure.',
  error: 'Something went wrong, and the kind of error.',
}

const fieldWords: Record<string, string> = {
  durationBucket: 'length',
  format: 'file type',
  realtimeFactorBucket: 'speed',
  model: 'model size',
  code: 'kind',
}

export interface DescribedEvent {
  name: string
  description: string
  /** Each property and every value it can ever take (the contract allows nothing else). */
  fields: { name: string; label: string; values: readonly string[] }[]
}

/**
 * The analytics contract in plain words, read from the very schemas the egress gate enforces, so
 * what the first-run screen promises is what can be sent.
 */
export function describeAnalyticsEvents(): DescribedEvent[] {
  return (Object.keys(analyticsEventProperties) as EventName[]).map((name) => {
    const shape = analyticsEventProperties[name].shape as Record<string, z.ZodType>
    return {
      name,
      description: eventWords[name],
      fields: Object.entries(shape).map(([field, schema]) => ({
        name: field,
        label: fieldWords[field] ?? field,
        values: enumValues(schema),
      })),
    }
  })
}

function enumValues(schema: z.ZodType): readonly string[] {
  const options = (schema as { options?: unknown }).options
  return Array.isArray(options) ? options.filter((o): o is string => typeof o === 'string') : []
}

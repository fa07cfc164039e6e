import { AnalyticsBatch } from '../../shared/analytics'
import { ANALYTICS_BUDGET, deriveInsertId } from '../egress/capacity/measureAnalyticsBatch'
import type { SdkPayload } from './sdkTypes'

/**
 * The SDK's payload cut down to the fields the shared schema names, then parsed strictly; the
 * result is what goes on the wire, or `undefined` if anything fails to parse (then nothing is
 * sent). Dropped on purpose: `library`, `event_id`, `plan`, `request_metadata` and `options`,
 * which describe the SDK, not the product, and which the strict schema would refuse.
 */
export function toWireBatch(payload: SdkPayload): AnalyticsBatch | undefined {
  const parsed = AnalyticsBatch.safeParse({
    api_key: payload.api_key,
    events: payload.events.map((event) => {
      // The gate's analytics bound (issue 10): times on a one-second grid, the insert_id derived
      // from the event (Amplitude dedupes on it, so a resent event keeps it) instead of random.
      const fields = {
        event_type: event.event_type,
        event_properties: event.event_properties ?? {},
        device_id: event.device_id,
        time: event.time === undefined ? undefined : onGrid(event.time),
        app_version: event.app_version,
      }
      const derivable = fields.device_id !== undefined && fields.time !== undefined
      return {
        ...fields,
        // Without a device or a time the strict parse below refuses the batch anyway.
        insert_id: derivable
          ? deriveInsertId({ ...fields, device_id: fields.device_id ?? '', time: fields.time ?? 0 })
          : event.insert_id,
      }
    }),
    client_upload_time:
      payload.client_upload_time === undefined
        ? undefined
        : new Date(onGrid(Date.parse(payload.client_upload_time))).toISOString(),
  })
  return parsed.success ? parsed.data : undefined
}

function onGrid(ms: number): number {
  const step = ANALYTICS_BUDGET.timeGridMs
  return Math.floor(ms / step) * step
}

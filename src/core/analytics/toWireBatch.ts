import { AnalyticsBatch } from '../../shared/analytics'
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
    events: payload.events.map((event) => ({
      event_type: event.event_type,
      event_properties: event.event_properties ?? {},
      device_id: event.device_id,
      time: event.time,
      insert_id: event.insert_id,
      app_version: event.app_version,
    })),
    client_upload_time: payload.client_upload_time,
  })
  return parsed.success ? parsed.data : undefined
}

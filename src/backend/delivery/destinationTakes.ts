import type { DeliveryEventType } from '../../shared/delivery'
import type { DestinationKind } from './DeliveryStore'

/** Which destinations an event type may go to: Slack and HubSpot summarise a received call. */
export function destinationTakes(
  kind: DestinationKind,
  type: DeliveryEventType,
  contactEmail: string | null,
): boolean {
  if (kind === 'webhook') return true
  if (type !== 'upload.received') return false
  return kind === 'slack' || contactEmail !== null
}

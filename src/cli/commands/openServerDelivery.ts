import { DeliveryService } from '../../backend/delivery/DeliveryService'
import { openDeliveryStore } from '../../backend/delivery/openDeliveryStore'
import { AuditLog } from '../../core/audit/AuditLog'
import type { CliContext } from '../context'
import { deliveryAuditPathOf } from './backendDestinationsCommand'

/**
 * The server's delivery side as `earshot backend` runs it: the outbox in the server's database, the
 * server's own audit log, the worker. `close` stops the worker after its attempts in flight.
 */
export async function openServerDelivery(
  ctx: CliContext,
  db: string,
  /** Per attempt (DeliveryService's default when undefined). */
  timeoutMs?: number,
): Promise<{ service: DeliveryService; close: () => Promise<void> }> {
  const store = await openDeliveryStore(db)
  let audit: AuditLog
  try {
    audit = AuditLog.open(deliveryAuditPathOf(ctx, db))
  } catch (error) {
    await store.close()
    throw error
  }
  const service = new DeliveryService({
    store,
    audit,
    ...(timeoutMs !== undefined && {
      timeouts: { connectMs: Math.min(10_000, timeoutMs), totalMs: timeoutMs },
    }),
    onError: (error) => {
      const message = error instanceof Error ? error.message : String(error)
      ctx.io.stderr.write(`earshot: delivery worker: ${message} (retrying at the next poll)\n`)
    },
  })
  return {
    service,
    close: async () => {
      await service.stop()
      await store.close()
      audit.close()
    },
  }
}

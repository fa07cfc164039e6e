import type { AuditLog } from '../../core/audit/AuditLog'
import { canonicalJsonText } from '../../core/egress/canonicalJsonText'
import type { ClaimedJob, DeliveryStore } from './DeliveryStore'

/** The method a replay's entry carries in the server's audit log (docs/audit-format.md §3.1.2). */
export const REPLAY_METHOD = 'REPLAY'

/**
 * `earshot backend deliveries replay ID|--all` (issue 12): dead letters back in the outbox, the
 * same event (so the same `webhook-id`: a receiver that kept the id of an earlier delivery drops
 * the copy), and one entry per job on the server's audit log, all in one append, saying which
 * event went back to which destination and why it had died. No payload words are in the entry;
 * what is sent again is audited by the gate when it leaves, like any attempt. The outbox is
 * written first: the log never claims a replay the database does not hold.
 */
export async function replayDeadLetters(
  store: DeliveryStore,
  audit: Pick<AuditLog, 'appendAll'>,
  eventId: string | null,
  now: Date,
): Promise<ClaimedJob[]> {
  const replayed = await store.replayDead(eventId, now.getTime())
  audit.appendAll(
    replayed.map(({ job, destination, event }) => ({
      kind: 'outcome',
      purpose: 'delivery',
      destination: auditedDestination(destination.url),
      method: REPLAY_METHOD,
      payload: new TextEncoder().encode(
        canonicalJsonText({
          destinationId: destination.id,
          eventId: event.id,
          type: event.type,
          attempts: job.attempts,
          lastStatus: job.lastStatus,
        }),
      ),
      status: null,
      reason: `replayed by an admin; it had died: ${job.lastError ?? 'unknown'}`,
      recordingId: null,
    })),
  )
  return replayed
}

/** As the gate writes a delivery's destination: origin and path, no query. */
function auditedDestination(url: string): string {
  const parsed = new URL(url)
  return `${parsed.origin}${parsed.pathname}`
}

import { parseArgs } from 'node:util'
import type { ClaimedJob } from '../../backend/delivery/DeliveryStore'
import { EVENT_ID } from '../../backend/delivery/deliveryEventIds'
import { openDeliveryStore } from '../../backend/delivery/openDeliveryStore'
import { replayDeadLetters } from '../../backend/delivery/replayDeadLetters'
import { AuditLog } from '../../core/audit/AuditLog'
import { CoreError } from '../../core/CoreError'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { backendDbOf, deliveryAuditPathOf, shownUrl } from './backendDestinationsCommand'

const usage = 'use `backend deliveries list [--dead]` or `backend deliveries replay ID|--all`'

/**
 * `earshot backend deliveries list [--dead]` and `backend deliveries replay ID|--all` (issue 12):
 * the outbox's jobs, and dead letters put back with their own event id, each replay on the
 * server's audit log. A running server picks replayed jobs up at its next poll.
 */
export async function backendDeliveriesCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [action, ...rest] = args
  if (action === 'list') return list(ctx, rest)
  if (action === 'replay') return replay(ctx, rest)
  throw new UsageError(usage)
}

async function list(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, dead: { type: 'boolean', default: false } },
  })
  const store = await openDeliveryStore(backendDbOf(ctx, values.db))
  let jobs: ClaimedJob[]
  try {
    jobs = await store.listDeliveries(values.dead ? 'dead' : undefined)
  } finally {
    await store.close()
  }
  const rows = jobs.map(rowOf)
  const human =
    rows.length === 0
      ? values.dead
        ? 'No dead deliveries.\n'
        : 'No deliveries.\n'
      : rows
          .map(
            (r) =>
              `${r.eventId}  ${r.type.padEnd(15)}  ${r.destinationId} ${r.destinationKind} ${r.destination}  ` +
              `${r.state}, ${r.attempts} attempt${r.attempts === 1 ? '' : 's'}` +
              (r.lastError === null ? '' : `, last ${r.lastError}`) +
              '\n',
          )
          .join('')
  ctx.print(human, { deliveries: rows })
  return 0
}

async function replay(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { db: { type: 'string' }, all: { type: 'boolean', default: false } },
  })
  const [id, extra] = positionals
  if (extra !== undefined || (id === undefined) === !values.all) {
    throw new UsageError('backend deliveries replay takes one event id, or --all')
  }
  if (id !== undefined && !EVENT_ID.test(id)) {
    throw new UsageError(`${id.slice(0, 60)} is not an event id (msg_ and 32 hex digits)`)
  }
  const db = backendDbOf(ctx, values.db)
  const store = await openDeliveryStore(db)
  let replayed: ClaimedJob[]
  try {
    const audit = AuditLog.open(deliveryAuditPathOf(ctx, db))
    try {
      replayed = await replayDeadLetters(store, audit, id ?? null, new Date())
    } finally {
      audit.close()
    }
  } finally {
    await store.close()
  }
  if (replayed.length === 0 && id !== undefined) {
    throw new CoreError(
      'dead-letter-not-found',
      `Event ${id} has no dead delivery to an enabled destination.`,
    )
  }
  const rows = replayed.map(rowOf)
  ctx.print(
    replayed.length === 0
      ? 'No dead deliveries to replay.\n'
      : `Replayed ${replayed.length} dead deliver${replayed.length === 1 ? 'y' : 'ies'} with their own event ids; a running server sends them at its next poll, a stopped one when it starts.\n`,
    { replayed: rows },
  )
  return 0
}

function rowOf({ job, destination, event }: ClaimedJob) {
  return {
    eventId: event.id,
    type: event.type,
    recordingId: event.recordingId,
    member: event.member,
    createdAt: event.createdAt,
    destinationId: destination.id,
    destinationKind: destination.kind,
    destination: shownUrl(destination),
    state: job.state,
    attempts: job.attempts,
    lastStatus: job.lastStatus,
    lastError: job.lastError,
    deliveredAt: job.deliveredAt,
  }
}

import { DeliveryEventType } from '../../shared/delivery'
import { numberOrNull, text, textOrNull, type Row } from '../rowValues'
import type {
  ClaimedJob,
  DeliveryJob,
  Destination,
  DestinationKind,
  JobState,
  OutboxEvent,
} from './DeliveryStore'

/**
 * What SqliteDeliveryStore and PostgresDeliveryStore share: the tables, the columns a job is read
 * with, and one mapper per row (rowValues reads a column alike from either engine).
 */
export type { Row }

/**
 * The delivery tables, prefixed `delivery_` so they sit beside the server's own in one database.
 * Milliseconds are BIGINT on PostgreSQL (INTEGER is 32-bit there), INTEGER on SQLite (64-bit).
 */
export function deliverySchema(engine: 'sqlite' | 'postgres'): string {
  const ms = engine === 'sqlite' ? 'INTEGER' : 'BIGINT'
  const strict = engine === 'sqlite' ? ' STRICT' : ''
  return `
  CREATE TABLE IF NOT EXISTS delivery_destinations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('webhook', 'slack', 'hubspot')),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    disabled_reason TEXT,
    not_before_ms ${ms} NOT NULL DEFAULT 0
  )${strict};
  CREATE TABLE IF NOT EXISTS delivery_events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    recording_id TEXT NOT NULL,
    member TEXT NOT NULL,
    payload TEXT NOT NULL,
    contact_email TEXT,
    created_at TEXT NOT NULL
  )${strict};
  CREATE INDEX IF NOT EXISTS delivery_events_recording ON delivery_events (recording_id);
  CREATE TABLE IF NOT EXISTS delivery_jobs (
    destination_id TEXT NOT NULL REFERENCES delivery_destinations (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES delivery_events (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead', 'disabled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms ${ms} NOT NULL,
    lease_until_ms ${ms} NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    delivered_at TEXT,
    PRIMARY KEY (destination_id, event_id)
  )${strict};
  CREATE INDEX IF NOT EXISTS delivery_jobs_due ON delivery_jobs (state, next_attempt_ms);
`
}

/**
 * Added after the first release, so a table created then gets it on open: when a dead letter was
 * replayed (0 for never). The age limit counts from then, so a replay gets a whole retry schedule.
 */
export const replayedColumn = { name: 'replayed_at_ms', sqlite: 'INTEGER', postgres: 'BIGINT' }

/** A job with its event and destination: what claimDue leases and the dead-letter list shows. */
export const jobWithEventColumns = `j.*, e.id AS event_id, e.type, e.recording_id, e.member,
  e.payload, e.contact_email, e.created_at AS event_created_at,
  d.id, d.kind, d.url, d.secret, d.events, d.created_at, d.disabled_at, d.disabled_reason`

export const jobWithEventJoin = `delivery_jobs j
  JOIN delivery_events e ON e.id = j.event_id
  JOIN delivery_destinations d ON d.id = j.destination_id`

export function destinationOf(row: Row): Destination {
  return {
    id: text(row.id),
    kind: text(row.kind) as DestinationKind,
    url: text(row.url),
    secret: text(row.secret),
    events: DeliveryEventType.array().parse(JSON.parse(text(row.events))),
    createdAt: text(row.created_at),
    disabledAt: textOrNull(row.disabled_at),
    disabledReason: textOrNull(row.disabled_reason),
  }
}

export function jobOf(row: Row): DeliveryJob {
  return {
    destinationId: text(row.destination_id),
    eventId: text(row.event_id),
    state: text(row.state) as JobState,
    attempts: Number(row.attempts),
    nextAttemptMs: Number(row.next_attempt_ms),
    lastStatus: numberOrNull(row.last_status),
    lastError: textOrNull(row.last_error),
    deliveredAt: textOrNull(row.delivered_at),
    replayedAtMs: Number(row.replayed_at_ms ?? 0),
  }
}

export function eventOf(row: Row): OutboxEvent {
  return {
    id: text(row.event_id),
    type: DeliveryEventType.parse(row.type),
    recordingId: text(row.recording_id),
    member: text(row.member),
    payload: text(row.payload),
    contactEmail: textOrNull(row.contact_email),
    createdAt: text(row.event_created_at),
  }
}

export function claimedOf(row: Row): ClaimedJob {
  return { job: jobOf(row), destination: destinationOf(row), event: eventOf(row) }
}

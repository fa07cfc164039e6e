import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { DeliveryEventType } from '../../shared/delivery'
import { destinationTakes } from './destinationTakes'
import type {
  ClaimedJob,
  DeliveryJob,
  DeliveryStore,
  Destination,
  DestinationKind,
  JobOutcome,
  JobState,
  NewDestination,
  OutboxEvent,
} from './DeliveryStore'

/**
 * The delivery tables, prefixed `delivery_` so they sit beside the server's own in one file: the
 * event is enqueued in the same database (and so the same transaction) as the upload it is about.
 */
const schema = `
  CREATE TABLE IF NOT EXISTS delivery_destinations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('webhook', 'slack', 'hubspot')),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    disabled_reason TEXT,
    not_before_ms INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE TABLE IF NOT EXISTS delivery_events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    recording_id TEXT NOT NULL,
    member TEXT NOT NULL,
    payload TEXT NOT NULL,
    contact_email TEXT,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS delivery_events_recording ON delivery_events (recording_id);
  CREATE TABLE IF NOT EXISTS delivery_jobs (
    destination_id TEXT NOT NULL REFERENCES delivery_destinations (id) ON DELETE CASCADE,
    event_id TEXT NOT NULL REFERENCES delivery_events (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead', 'disabled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    delivered_at TEXT,
    PRIMARY KEY (destination_id, event_id)
  ) STRICT;
  CREATE INDEX IF NOT EXISTS delivery_jobs_due ON delivery_jobs (state, next_attempt_ms);
`

interface DestinationRow {
  id: string
  kind: DestinationKind
  url: string
  secret: string
  events: string
  created_at: string
  disabled_at: string | null
  disabled_reason: string | null
}

interface JobRow {
  destination_id: string
  event_id: string
  state: JobState
  attempts: number
  next_attempt_ms: number
  last_status: number | null
  last_error: string | null
  delivered_at: string | null
}

interface EventRow {
  event_id: string
  type: string
  recording_id: string
  member: string
  payload: string
  contact_email: string | null
  event_created_at: string
}

/** The outbox on SQLite: the embedded default (`earshot backend --db PATH`). */
export class SqliteDeliveryStore implements DeliveryStore {
  private constructor(private readonly db: Database.Database) {
    db.pragma('foreign_keys = ON')
    db.exec(schema)
  }

  /**
   * The delivery tables in a connection the server already holds, so an upload and its events can
   * commit in one transaction. The caller keeps the connection: `close` then closes it too.
   */
  static onDatabase(db: Database.Database): SqliteDeliveryStore {
    return new SqliteDeliveryStore(db)
  }

  /** Opens the server's database file (WAL, like BackendStore) and adds the delivery tables. */
  static open(path: string): SqliteDeliveryStore {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    const db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('busy_timeout = 10000')
    // As BackendStore: deleted payloads are overwritten, not left on the free list.
    db.pragma('secure_delete = ON')
    return new SqliteDeliveryStore(db)
  }

  addDestination(input: NewDestination, createdAt: string): Promise<Destination> {
    const id = `dst_${randomBytes(8).toString('hex')}`
    this.db
      .prepare(
        `INSERT INTO delivery_destinations (id, kind, url, secret, events, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.kind, input.url, input.secret, JSON.stringify(input.events), createdAt)
    return Promise.resolve({
      id,
      kind: input.kind,
      url: input.url,
      secret: input.secret,
      events: [...input.events],
      createdAt,
      disabledAt: null,
      disabledReason: null,
    })
  }

  listDestinations(): Promise<Destination[]> {
    const rows = this.db
      .prepare('SELECT * FROM delivery_destinations ORDER BY created_at, id')
      .all() as DestinationRow[]
    return Promise.resolve(rows.map(destinationOf))
  }

  removeDestination(id: string): Promise<boolean> {
    const removed = this.db.prepare('DELETE FROM delivery_destinations WHERE id = ?').run(id)
    return Promise.resolve(removed.changes > 0)
  }

  disableDestination(id: string, reason: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE delivery_destinations SET disabled_at = ?, disabled_reason = ?
           WHERE id = ? AND disabled_at IS NULL`,
        )
        .run(at, reason, id)
      this.db
        .prepare(
          `UPDATE delivery_jobs SET state = 'disabled', lease_until_ms = 0
           WHERE destination_id = ? AND state = 'pending'`,
        )
        .run(id)
    })()
    return Promise.resolve()
  }

  slowDestination(id: string, untilMs: number): Promise<void> {
    this.db
      .prepare(
        'UPDATE delivery_destinations SET not_before_ms = MAX(not_before_ms, ?) WHERE id = ?',
      )
      .run(untilMs, id)
    return Promise.resolve()
  }

  enqueue(event: OutboxEvent, dueMs: number): Promise<number> {
    const jobs = this.db.transaction((): number => {
      const inserted = this.db
        .prepare(
          `INSERT INTO delivery_events (id, type, recording_id, member, payload, contact_email, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        )
        .run(
          event.id,
          event.type,
          event.recordingId,
          event.member,
          event.payload,
          event.contactEmail,
          event.createdAt,
        )
      // An event already in the outbox (a retried upload's): its jobs exist, none are added.
      if (inserted.changes === 0) return 0
      const destinations = (
        this.db
          .prepare('SELECT * FROM delivery_destinations WHERE disabled_at IS NULL')
          .all() as DestinationRow[]
      ).map(destinationOf)
      const insert = this.db.prepare(
        `INSERT INTO delivery_jobs (destination_id, event_id, state, next_attempt_ms)
         VALUES (?, ?, 'pending', ?)`,
      )
      let count = 0
      for (const destination of destinations) {
        if (!destination.events.includes(event.type)) continue
        if (!destinationTakes(destination.kind, event.type, event.contactEmail)) continue
        insert.run(destination.id, event.id, dueMs)
        count++
      }
      return count
    })()
    return Promise.resolve(jobs)
  }

  forgetRecording(recordingId: string): Promise<number> {
    const removed = this.db
      .prepare(`DELETE FROM delivery_events WHERE recording_id = ? AND type <> 'upload.deleted'`)
      .run(recordingId)
    return Promise.resolve(removed.changes)
  }

  claimDue(nowMs: number, leaseUntilMs: number, limit: number): Promise<ClaimedJob[]> {
    const claimed = this.db.transaction((): ClaimedJob[] => {
      const rows = this.db
        .prepare(
          `SELECT j.*, e.id AS event_id, e.type, e.recording_id, e.member, e.payload,
                  e.contact_email, e.created_at AS event_created_at,
                  d.id, d.kind, d.url, d.secret, d.events, d.created_at, d.disabled_at,
                  d.disabled_reason
           FROM delivery_jobs j
           JOIN delivery_events e ON e.id = j.event_id
           JOIN delivery_destinations d ON d.id = j.destination_id
           WHERE j.state = 'pending' AND j.next_attempt_ms <= @now AND j.lease_until_ms <= @now
             AND d.disabled_at IS NULL AND d.not_before_ms <= @now
           ORDER BY j.next_attempt_ms, e.created_at, e.id
           LIMIT @limit`,
        )
        .all({ now: nowMs, limit }) as (JobRow & EventRow & DestinationRow)[]
      const lease = this.db.prepare(
        'UPDATE delivery_jobs SET lease_until_ms = ? WHERE destination_id = ? AND event_id = ?',
      )
      for (const row of rows) lease.run(leaseUntilMs, row.destination_id, row.event_id)
      return rows.map((row) => ({
        job: jobOf(row),
        destination: destinationOf(row),
        event: eventOf(row),
      }))
    })()
    return Promise.resolve(claimed)
  }

  settle(destinationId: string, eventId: string, outcome: JobOutcome): Promise<void> {
    const nextAttemptMs = outcome.state === 'pending' ? outcome.nextAttemptMs : 0
    this.db
      .prepare(
        `UPDATE delivery_jobs
         SET state = @state, attempts = attempts + 1, lease_until_ms = 0,
             next_attempt_ms = CASE WHEN @state = 'pending' THEN @next ELSE next_attempt_ms END,
             last_status = @status, last_error = @error, delivered_at = @deliveredAt
         WHERE destination_id = @destinationId AND event_id = @eventId AND state = 'pending'`,
      )
      .run({
        state: outcome.state,
        next: nextAttemptMs,
        status: outcome.status,
        error: outcome.state === 'delivered' ? null : outcome.error,
        deliveredAt: outcome.state === 'delivered' ? outcome.at : null,
        destinationId,
        eventId,
      })
    return Promise.resolve()
  }

  listJobs(): Promise<DeliveryJob[]> {
    const rows = this.db
      .prepare(
        `SELECT j.* FROM delivery_jobs j JOIN delivery_events e ON e.id = j.event_id
         ORDER BY e.created_at, e.id, j.destination_id`,
      )
      .all() as JobRow[]
    return Promise.resolve(rows.map(jobOf))
  }

  close(): Promise<void> {
    this.db.close()
    return Promise.resolve()
  }
}

function destinationOf(row: DestinationRow): Destination {
  return {
    id: row.id,
    kind: row.kind,
    url: row.url,
    secret: row.secret,
    events: DeliveryEventType.array().parse(JSON.parse(row.events)),
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
  }
}

function jobOf(row: JobRow): DeliveryJob {
  return {
    destinationId: row.destination_id,
    eventId: row.event_id,
    state: row.state,
    attempts: row.attempts,
    nextAttemptMs: row.next_attempt_ms,
    lastStatus: row.last_status,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
  }
}

function eventOf(row: EventRow): OutboxEvent {
  return {
    id: row.event_id,
    type: DeliveryEventType.parse(row.type),
    recordingId: row.recording_id,
    member: row.member,
    payload: row.payload,
    contactEmail: row.contact_email,
    createdAt: row.event_created_at,
  }
}

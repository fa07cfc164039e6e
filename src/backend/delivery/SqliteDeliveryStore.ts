import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { destinationTakes } from './destinationTakes'
import type {
  ClaimedJob,
  DeliveryJob,
  DeliveryStore,
  Destination,
  JobOutcome,
  JobState,
  NewDestination,
  OutboxEvent,
} from './DeliveryStore'
import {
  claimedOf,
  deliverySchema,
  destinationOf,
  jobOf,
  jobWithEventColumns,
  jobWithEventJoin,
  replayedColumn,
  type Row,
} from './deliveryRows'

/** The outbox on SQLite: the embedded default (`earshot backend --db PATH`). */
export class SqliteDeliveryStore implements DeliveryStore {
  private constructor(private readonly db: Database.Database) {
    db.pragma('foreign_keys = ON')
    db.exec(deliverySchema('sqlite'))
    const columns = db.prepare('PRAGMA table_info(delivery_jobs)').all() as { name: string }[]
    if (!columns.some((column) => column.name === replayedColumn.name)) {
      db.exec(
        `ALTER TABLE delivery_jobs ADD COLUMN ${replayedColumn.name} ${replayedColumn.sqlite} NOT NULL DEFAULT 0`,
      )
    }
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
      .all() as Row[]
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
          .all() as Row[]
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
          `SELECT ${jobWithEventColumns}
           FROM ${jobWithEventJoin}
           WHERE j.state = 'pending' AND j.next_attempt_ms <= @now AND j.lease_until_ms <= @now
             AND d.disabled_at IS NULL AND d.not_before_ms <= @now
           ORDER BY j.next_attempt_ms, e.created_at, e.id
           LIMIT @limit`,
        )
        .all({ now: nowMs, limit }) as Row[]
      const lease = this.db.prepare(
        'UPDATE delivery_jobs SET lease_until_ms = ? WHERE destination_id = ? AND event_id = ?',
      )
      for (const row of rows) lease.run(leaseUntilMs, row.destination_id, row.event_id)
      return rows.map(claimedOf)
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
      .all() as Row[]
    return Promise.resolve(rows.map(jobOf))
  }

  listDeliveries(state?: JobState): Promise<ClaimedJob[]> {
    const rows = this.db
      .prepare(
        `SELECT ${jobWithEventColumns} FROM ${jobWithEventJoin}
         WHERE @state IS NULL OR j.state = @state
         ORDER BY e.created_at, e.id, j.destination_id`,
      )
      .all({ state: state ?? null }) as Row[]
    return Promise.resolve(rows.map(claimedOf))
  }

  replayDead(eventId: string | null, nowMs: number): Promise<ClaimedJob[]> {
    const replayed = this.db.transaction((): ClaimedJob[] => {
      const rows = this.db
        .prepare(
          `SELECT ${jobWithEventColumns} FROM ${jobWithEventJoin}
           WHERE j.state = 'dead' AND d.disabled_at IS NULL AND (@event IS NULL OR e.id = @event)
           ORDER BY e.created_at, e.id, j.destination_id`,
        )
        .all({ event: eventId }) as Row[]
      const requeue = this.db.prepare(
        `UPDATE delivery_jobs SET state = 'pending', attempts = 0, next_attempt_ms = @now,
           lease_until_ms = 0, ${replayedColumn.name} = @now
         WHERE destination_id = @destinationId AND event_id = @eventId AND state = 'dead'`,
      )
      for (const row of rows) {
        requeue.run({ now: nowMs, destinationId: row.destination_id, eventId: row.event_id })
      }
      return rows.map(claimedOf)
    })()
    return Promise.resolve(replayed)
  }

  close(): Promise<void> {
    this.db.close()
    return Promise.resolve()
  }
}

import { randomBytes } from 'node:crypto'
import type pg from 'pg'
import { openPostgresPool } from '../store/postgres/openPostgresPool'
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

/**
 * The outbox on PostgreSQL, for `earshot backend --db postgres://…`. Claims use
 * `FOR UPDATE SKIP LOCKED`, so several server processes on one database never lease the same job.
 */
export class PostgresDeliveryStore implements DeliveryStore {
  private constructor(private readonly pool: pg.Pool) {}

  /**
   * Connects and creates the tables. `schema` (an identifier) puts them in their own PostgreSQL
   * schema, created if needed: tests get a fresh one each.
   */
  static async connect(
    url: string,
    options: { schema?: string } = {},
  ): Promise<PostgresDeliveryStore> {
    const name = options.schema
    if (name !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
      throw new TypeError('A schema name is lower-case letters, digits and _.')
    }
    // Through the tripwire's database allowance, as the team store's pool: the server's process
    // reaches nothing else.
    const pool = openPostgresPool(url, { max: 4, ...(name !== undefined && { searchPath: name }) })
    try {
      if (name !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${name}`)
      await pool.query(deliverySchema('postgres'))
      await pool.query(
        `ALTER TABLE delivery_jobs ADD COLUMN IF NOT EXISTS ${replayedColumn.name} ${replayedColumn.postgres} NOT NULL DEFAULT 0`,
      )
    } catch (error) {
      await pool.end()
      throw error
    }
    return new PostgresDeliveryStore(pool)
  }

  async addDestination(input: NewDestination, createdAt: string): Promise<Destination> {
    const id = `dst_${randomBytes(8).toString('hex')}`
    await this.pool.query(
      `INSERT INTO delivery_destinations (id, kind, url, secret, events, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, input.kind, input.url, input.secret, JSON.stringify(input.events), createdAt],
    )
    return {
      id,
      kind: input.kind,
      url: input.url,
      secret: input.secret,
      events: [...input.events],
      createdAt,
      disabledAt: null,
      disabledReason: null,
    }
  }

  async listDestinations(): Promise<Destination[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM delivery_destinations ORDER BY created_at, id',
    )
    return rows.map(destinationOf)
  }

  async removeDestination(id: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM delivery_destinations WHERE id = $1', [id])
    return (result.rowCount ?? 0) > 0
  }

  async disableDestination(id: string, reason: string, at: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        `UPDATE delivery_destinations SET disabled_at = $1, disabled_reason = $2
         WHERE id = $3 AND disabled_at IS NULL`,
        [at, reason, id],
      )
      await client.query(
        `UPDATE delivery_jobs SET state = 'disabled', lease_until_ms = 0
         WHERE destination_id = $1 AND state = 'pending'`,
        [id],
      )
    })
  }

  async slowDestination(id: string, untilMs: number): Promise<void> {
    await this.pool.query(
      'UPDATE delivery_destinations SET not_before_ms = GREATEST(not_before_ms, $1) WHERE id = $2',
      [untilMs, id],
    )
  }

  enqueue(event: OutboxEvent, dueMs: number): Promise<number> {
    return this.transaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO delivery_events (id, type, recording_id, member, payload, contact_email, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [
          event.id,
          event.type,
          event.recordingId,
          event.member,
          event.payload,
          event.contactEmail,
          event.createdAt,
        ],
      )
      // An event already in the outbox (a retried upload's): its jobs exist, none are added.
      if (inserted.rowCount === 0) return 0
      const { rows } = await client.query<Row>(
        'SELECT * FROM delivery_destinations WHERE disabled_at IS NULL',
      )
      let count = 0
      for (const destination of rows.map(destinationOf)) {
        if (!destination.events.includes(event.type)) continue
        if (!destinationTakes(destination.kind, event.type, event.contactEmail)) continue
        await client.query(
          `INSERT INTO delivery_jobs (destination_id, event_id, state, next_attempt_ms)
           VALUES ($1, $2, 'pending', $3)`,
          [destination.id, event.id, dueMs],
        )
        count++
      }
      return count
    })
  }

  async forgetRecording(recordingId: string): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM delivery_events WHERE recording_id = $1 AND type <> 'upload.deleted'`,
      [recordingId],
    )
    return result.rowCount ?? 0
  }

  claimDue(nowMs: number, leaseUntilMs: number, limit: number): Promise<ClaimedJob[]> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<Row>(
        `SELECT ${jobWithEventColumns}
         FROM ${jobWithEventJoin}
         WHERE j.state = 'pending' AND j.next_attempt_ms <= $1 AND j.lease_until_ms <= $1
           AND d.disabled_at IS NULL AND d.not_before_ms <= $1
         ORDER BY j.next_attempt_ms, e.created_at, e.id
         LIMIT $2
         FOR UPDATE OF j SKIP LOCKED`,
        [nowMs, limit],
      )
      for (const row of rows) {
        await client.query(
          'UPDATE delivery_jobs SET lease_until_ms = $1 WHERE destination_id = $2 AND event_id = $3',
          [leaseUntilMs, row.destination_id, row.event_id],
        )
      }
      return rows.map(claimedOf)
    })
  }

  async settle(destinationId: string, eventId: string, outcome: JobOutcome): Promise<void> {
    await this.pool.query(
      `UPDATE delivery_jobs
       SET state = $1, attempts = attempts + 1, lease_until_ms = 0,
           next_attempt_ms = CASE WHEN $1 = 'pending' THEN $2 ELSE next_attempt_ms END,
           last_status = $3, last_error = $4, delivered_at = $5
       WHERE destination_id = $6 AND event_id = $7 AND state = 'pending'`,
      [
        outcome.state,
        outcome.state === 'pending' ? outcome.nextAttemptMs : 0,
        outcome.status,
        outcome.state === 'delivered' ? null : outcome.error,
        outcome.state === 'delivered' ? outcome.at : null,
        destinationId,
        eventId,
      ],
    )
  }

  async listJobs(): Promise<DeliveryJob[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT j.* FROM delivery_jobs j JOIN delivery_events e ON e.id = j.event_id
       ORDER BY e.created_at, e.id, j.destination_id`,
    )
    return rows.map(jobOf)
  }

  async listDeliveries(state?: JobState): Promise<ClaimedJob[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT ${jobWithEventColumns} FROM ${jobWithEventJoin}
       WHERE $1::text IS NULL OR j.state = $1
       ORDER BY e.created_at, e.id, j.destination_id`,
      [state ?? null],
    )
    return rows.map(claimedOf)
  }

  replayDead(eventId: string | null, nowMs: number): Promise<ClaimedJob[]> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<Row>(
        `SELECT ${jobWithEventColumns} FROM ${jobWithEventJoin}
         WHERE j.state = 'dead' AND d.disabled_at IS NULL AND ($1::text IS NULL OR e.id = $1)
         ORDER BY e.created_at, e.id, j.destination_id
         FOR UPDATE OF j`,
        [eventId],
      )
      for (const row of rows) {
        await client.query(
          `UPDATE delivery_jobs SET state = 'pending', attempts = 0, next_attempt_ms = $1,
             lease_until_ms = 0, ${replayedColumn.name} = $1
           WHERE destination_id = $2 AND event_id = $3 AND state = 'dead'`,
          [nowMs, row.destination_id, row.event_id],
        )
      }
      return rows.map(claimedOf)
    })
  }

  async close(): Promise<void> {
    await this.pool.end()
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    } finally {
      client.release()
    }
  }
}

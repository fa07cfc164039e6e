import type { Statement } from 'better-sqlite3-multiple-ciphers'
import { createHash } from 'node:crypto'
import { deriveIdempotencyKey } from '../egress/capacity/deriveIdempotencyKey'
import { cachedStatement } from '../store/cachedStatement'
import type { Db } from '../store/openDatabase'
import { UploadReceipt } from '../../shared/upload'

export type UploadState = 'queued' | 'sending' | 'done' | 'failed'

export interface UploadError {
  code: string
  message: string
}

export interface UploadRow {
  id: number
  recordingId: string
  idempotencyKey: string
  state: UploadState
  attempts: number
  nextAttemptAt: string
  payload: Uint8Array
  payloadSha256: string
  receipt: UploadReceipt | null
  lastError: UploadError | null
  ownerPid: number | null
  claimedAt: string | null
}

interface RawRow extends Omit<UploadRow, 'receipt' | 'lastError' | 'payload'> {
  payload: Buffer
  receipt: string | null
  lastError: string | null
}

const columns = `id, recording_id AS recordingId, idempotency_key AS idempotencyKey, state, attempts,
  next_attempt_at AS nextAttemptAt, payload, payload_sha256 AS payloadSha256, receipt,
  last_error AS lastError, owner_pid AS ownerPid, claimed_at AS claimedAt`

function toRow(raw: RawRow): UploadRow {
  return {
    ...raw,
    payload: new Uint8Array(raw.payload),
    receipt: raw.receipt === null ? null : UploadReceipt.parse(JSON.parse(raw.receipt)),
    lastError: raw.lastError === null ? null : (JSON.parse(raw.lastError) as UploadError),
  }
}

/**
 * The persistent upload queue (`uploads`, migration 2). State moves queued → sending → done, or
 * back to queued with a later `next_attempt_at`, or to failed. Every change is one statement, so a
 * process killed at any point leaves a row in a state the next run understands; claiming is one
 * UPDATE … RETURNING, so two processes sharing the database never send the same row at once.
 */
export class UploadQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Queues `payload` for a recording, or returns the row already holding these exact bytes: the
   * same payload always travels under the same idempotency key, derived from it. A failed row asked for again is
   * queued again, key unchanged.
   */
  enqueue(recordingId: string, payload: Uint8Array): UploadRow {
    const sha256 = createHash('sha256').update(payload).digest('hex')
    const now = this.clock().toISOString()
    return this.db.transaction(() => {
      this.prepare(
        `INSERT INTO uploads (recording_id, idempotency_key, state, next_attempt_at, payload,
             payload_sha256, created_at)
           VALUES (?, ?, 'queued', ?, ?, ?, ?)
           ON CONFLICT (recording_id, payload_sha256) DO NOTHING`,
      ).run(recordingId, deriveIdempotencyKey(sha256), now, Buffer.from(payload), sha256, now)
      // Rows queued before keys were derived (issue 10) take the derived key unless already sent
      // under theirs: the gate refuses any other.
      this.prepare(
        `UPDATE uploads SET idempotency_key = ? WHERE recording_id = ? AND payload_sha256 = ?
           AND state != 'done' AND attempts = 0`,
      ).run(deriveIdempotencyKey(sha256), recordingId, sha256)
      this.prepare(
        `UPDATE uploads SET state = 'queued', attempts = 0, next_attempt_at = ?, last_error = NULL
           WHERE recording_id = ? AND payload_sha256 = ? AND state = 'failed'`,
      ).run(now, recordingId, sha256)
      return toRow(
        this.prepare(
          `SELECT ${columns} FROM uploads WHERE recording_id = ? AND payload_sha256 = ?`,
        ).get(recordingId, sha256) as RawRow,
      )
    })()
  }

  /** Runs `fn` in one transaction: a batch's rows settle with one commit, not one each. */
  together<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  /** The next queued row due by now (optionally among `ids`), marked sending by `ownerPid`. */
  claimDue(ownerPid: number, ids?: readonly number[]): UploadRow | undefined {
    const now = this.clock().toISOString()
    const among = ids === undefined ? '' : `AND id IN (SELECT value FROM json_each(@ids))`
    const raw = this.prepare(
      `UPDATE uploads SET state = 'sending', attempts = attempts + 1, owner_pid = @pid,
           claimed_at = @now
         WHERE id = (SELECT id FROM uploads WHERE state = 'queued' AND next_attempt_at <= @now
           ${among} ORDER BY next_attempt_at, id LIMIT 1)
         RETURNING ${columns}`,
    ).get({ pid: ownerPid, now, ids: JSON.stringify(ids ?? []) }) as RawRow | undefined
    return raw ? toRow(raw) : undefined
  }

  /**
   * Up to `limit` queued rows due by now (optionally among `ids`), in the order claimDue takes
   * them, all marked sending by `ownerPid` in one statement: a batch the gate sends with one audit
   * write for all its attempts (EgressGate.sendEach).
   */
  claimDueMany(ownerPid: number, limit: number, ids?: readonly number[]): UploadRow[] {
    const now = this.clock().toISOString()
    const among = ids === undefined ? '' : `AND id IN (SELECT value FROM json_each(@ids))`
    const raws = this.prepare(
      `UPDATE uploads SET state = 'sending', attempts = attempts + 1, owner_pid = @pid,
           claimed_at = @now
         WHERE id IN (SELECT id FROM uploads WHERE state = 'queued' AND next_attempt_at <= @now
           ${among} ORDER BY next_attempt_at, id LIMIT @limit)
         RETURNING ${columns}`,
    ).all({ pid: ownerPid, now, limit, ids: JSON.stringify(ids ?? []) }) as RawRow[]
    // RETURNING's order is unspecified (SQLite docs, "RETURNING clause" §3).
    return raws
      .sort((a, b) =>
        a.nextAttemptAt === b.nextAttemptAt
          ? a.id - b.id
          : a.nextAttemptAt < b.nextAttemptAt
            ? -1
            : 1,
      )
      .map(toRow)
  }

  /** When the earliest queued row (optionally among `ids`) becomes due; undefined if none is queued. */
  nextDueAt(ids?: readonly number[]): Date | undefined {
    const among = ids === undefined ? '' : `AND id IN (SELECT value FROM json_each(?))`
    const at = this.prepare(
      `SELECT MIN(next_attempt_at) FROM uploads WHERE state = 'queued' ${among}`,
    )
      .pluck()
      .get(...(ids === undefined ? [] : [JSON.stringify(ids)])) as string | null
    return at === null ? undefined : new Date(at)
  }

  markDone(id: number, receipt: UploadReceipt): void {
    this.prepare(
      `UPDATE uploads SET state = 'done', receipt = ?, last_error = NULL, owner_pid = NULL,
           finished_at = ? WHERE id = ? AND state = 'sending'`,
    ).run(JSON.stringify(receipt), this.clock().toISOString(), id)
  }

  /** Back to the queue, due after `delayMs`. */
  markRetry(id: number, delayMs: number, error: UploadError): void {
    const due = new Date(this.clock().getTime() + delayMs).toISOString()
    this.prepare(
      `UPDATE uploads SET state = 'queued', next_attempt_at = ?, last_error = ?, owner_pid = NULL
         WHERE id = ? AND state = 'sending'`,
    ).run(due, JSON.stringify(error), id)
  }

  markFailed(id: number, error: UploadError): void {
    this.prepare(
      `UPDATE uploads SET state = 'failed', last_error = ?, owner_pid = NULL, finished_at = ?
         WHERE id = ? AND state = 'sending'`,
    ).run(JSON.stringify(error), this.clock().toISOString(), id)
  }

  /**
   * Renews the lease of rows `ownerPid` is still sending: a slow send (a large batch, a slow
   * backend) keeps its rows, so recoverAbandoned in another process never takes back a row whose
   * sender is alive and working, and the same transcript is never sent twice at once.
   */
  renewLease(ownerPid: number, ids: readonly number[]): number {
    return this.prepare(
      `UPDATE uploads SET claimed_at = @now
        WHERE state = 'sending' AND owner_pid = @pid AND id IN (SELECT value FROM json_each(@ids))`,
    ).run({ now: this.clock().toISOString(), pid: ownerPid, ids: JSON.stringify(ids) }).changes
  }

  /**
   * Rows left `sending` by a process that is gone (crash, kill -9) go back to the queue, due now,
   * with their idempotency key: the backend may have stored the payload before the crash, and the
   * same key makes it answer with the first receipt instead of storing it again.
   */
  recoverAbandoned(isAlive: (pid: number) => boolean, staleAfterMs: number): number {
    const now = this.clock()
    const abandoned = (
      this.prepare(
        `SELECT id, owner_pid AS ownerPid, claimed_at AS claimedAt FROM uploads
          WHERE state = 'sending'`,
      ).all() as { id: number; ownerPid: number | null; claimedAt: string | null }[]
    ).filter(
      (row) =>
        row.ownerPid === null ||
        !isAlive(row.ownerPid) ||
        row.claimedAt === null ||
        now.getTime() - Date.parse(row.claimedAt) > staleAfterMs,
    )
    const requeue = this.prepare(
      `UPDATE uploads SET state = 'queued', next_attempt_at = ?, owner_pid = NULL
       WHERE id = ? AND state = 'sending'`,
    )
    let count = 0
    for (const row of abandoned) count += requeue.run(now.toISOString(), row.id).changes
    return count
  }

  get(id: number): UploadRow | undefined {
    const raw = this.prepare(`SELECT ${columns} FROM uploads WHERE id = ?`).get(id) as
      RawRow | undefined
    return raw ? toRow(raw) : undefined
  }

  forRecording(recordingId: string): UploadRow[] {
    return (
      this.prepare(`SELECT ${columns} FROM uploads WHERE recording_id = ? ORDER BY id`).all(
        recordingId,
      ) as RawRow[]
    ).map(toRow)
  }

  /** Whether the backend may hold something of this recording: any row that was ever sent. */
  wasSent(recordingId: string): boolean {
    return (
      this.prepare(`SELECT 1 FROM uploads WHERE recording_id = ? AND attempts > 0 LIMIT 1`).get(
        recordingId,
      ) !== undefined
    )
  }

  /** Rows not yet done or failed. */
  pendingCount(): number {
    return this.prepare(`SELECT COUNT(*) FROM uploads WHERE state IN ('queued','sending')`)
      .pluck()
      .get() as number
  }

  private prepare(sql: string): Statement {
    return cachedStatement(this.db, sql)
  }
}

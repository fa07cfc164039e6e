import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

export interface StoredReceipt {
  id: string
  receivedAt: string
  payloadSha256: string
}

/** The reference backend's own SQLite: transcripts, idempotency keys, and a log of every request. */
export class BackendStore {
  private readonly db: Database.Database

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS transcripts (
        id TEXT PRIMARY KEY,
        payload TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS idempotency_keys (
        key TEXT PRIMARY KEY,
        transcript_id TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS request_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        status INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        payload_sha256 TEXT,
        idempotency_key TEXT,
        reason TEXT
      );`)
  }

  /** The receipt already given for this key, if any. */
  receiptForKey(key: string): (StoredReceipt & { keyPayloadSha256: string }) | undefined {
    return this.db
      .prepare(
        `SELECT transcript_id AS id, received_at AS receivedAt, payload_sha256 AS payloadSha256,
           payload_sha256 AS keyPayloadSha256
         FROM idempotency_keys WHERE key = ?`,
      )
      .get(key) as (StoredReceipt & { keyPayloadSha256: string }) | undefined
  }

  /** Stores (or replaces, for a re-upload of the same recording) and remembers the key, atomically. */
  store(key: string, id: string, payload: string, payloadSha256: string, receivedAt: string): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO transcripts (id, payload, payload_sha256, received_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET payload = excluded.payload,
             payload_sha256 = excluded.payload_sha256, received_at = excluded.received_at`,
        )
        .run(id, payload, payloadSha256, receivedAt)
      this.db
        .prepare(
          'INSERT INTO idempotency_keys (key, transcript_id, payload_sha256, received_at) VALUES (?, ?, ?, ?)',
        )
        .run(key, id, payloadSha256, receivedAt)
    })()
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM transcripts WHERE id = ?').run(id).changes > 0
  }

  get(id: string): { payload: string; payloadSha256: string; receivedAt: string } | undefined {
    return this.db
      .prepare(
        'SELECT payload, payload_sha256 AS payloadSha256, received_at AS receivedAt FROM transcripts WHERE id = ?',
      )
      .get(id) as { payload: string; payloadSha256: string; receivedAt: string } | undefined
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM transcripts').get() as { n: number }).n
  }

  log(entry: {
    method: string
    path: string
    status: number
    bytes: number
    payloadSha256: string | null
    idempotencyKey: string | null
    reason: string | null
  }): void {
    this.db
      .prepare(
        `INSERT INTO request_log (at, method, path, status, bytes, payload_sha256, idempotency_key, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        new Date().toISOString(),
        entry.method,
        entry.path,
        entry.status,
        entry.bytes,
        entry.payloadSha256,
        entry.idempotencyKey,
        entry.reason,
      )
  }

  requestLog(): { method: string; path: string; status: number; payloadSha256: string | null }[] {
    return this.db
      .prepare(
        'SELECT method, path, status, payload_sha256 AS payloadSha256 FROM request_log ORDER BY seq',
      )
      .all() as { method: string; path: string; status: number; payloadSha256: string | null }[]
  }

  close(): void {
    this.db.close()
  }
}

import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

export interface StoredReceipt {
  id: string
  receivedAt: string
  payloadSha256: string
}

export interface StoredHead {
  seq: number
  hash: string
  witnessedAt: string
}

/** The reference backend's own SQLite: transcripts, idempotency keys, and a log of every request. */
export class BackendStore {
  private readonly db: Database.Database

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    // A deleted transcript's pages are overwritten with zeros, not just put on the free list
    // (SQLite docs, "PRAGMA secure_delete"): a DELETE must make the words unreadable in the file.
    this.db.pragma('secure_delete = ON')
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
      );
      -- Witnessed heads (docs/handoff/h6.md): every audit head a client showed, per token and
      -- installation, kept for good. The token is stored as its SHA-256, never itself.
      CREATE TABLE IF NOT EXISTS audit_heads (
        token_sha256 TEXT NOT NULL,
        install_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        witnessed_at TEXT NOT NULL,
        PRIMARY KEY (token_sha256, install_id, seq, hash)
      ) WITHOUT ROWID;`)
  }

  /** Keeps a head; one already held keeps the time it was first seen. */
  witness(tokenSha256: string, installId: string, head: { seq: number; hash: string }, at: string) {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO audit_heads (token_sha256, install_id, seq, hash, witnessed_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(tokenSha256, installId, head.seq, head.hash, at)
  }

  /**
   * Heads of one installation with seq > `afterSeq`, in seq order, whole seqs only (so a page
   * never splits two hashes of one seq): at most `maxSeqs` seqs.
   */
  heads(tokenSha256: string, installId: string, afterSeq: number, maxSeqs: number): StoredHead[] {
    return this.db
      .prepare(
        `SELECT seq, hash, witnessed_at AS witnessedAt FROM audit_heads
         WHERE token_sha256 = @token AND install_id = @installId AND seq IN (
           SELECT DISTINCT seq FROM audit_heads
           WHERE token_sha256 = @token AND install_id = @installId AND seq > @afterSeq
           ORDER BY seq LIMIT @maxSeqs)
         ORDER BY seq, hash`,
      )
      .all({ token: tokenSha256, installId, afterSeq, maxSeqs }) as StoredHead[]
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

  /**
   * Forgets a transcript's words everywhere this database keeps them: the row (its pages zeroed by
   * secure_delete), and the WAL, checkpointed and truncated so no older copy of the page survives
   * there (SQLite docs, "wal_checkpoint(TRUNCATE)"). The request log never held bodies, and there
   * is no full-text index. Idempotency keys stay (hash and id only), so a late retry is told the
   * transcript is gone instead of getting a receipt.
   */
  delete(id: string): boolean {
    const deleted = this.db.prepare('DELETE FROM transcripts WHERE id = ?').run(id).changes > 0
    if (deleted) this.db.pragma('wal_checkpoint(TRUNCATE)')
    return deleted
  }

  /** Whether exactly these bytes are what is stored for `id` now. */
  holds(id: string, payloadSha256: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM transcripts WHERE id = ? AND payload_sha256 = ?')
        .get(id, payloadSha256) !== undefined
    )
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

import type { Db } from '../store/openDatabase'

/** One audit head a backend said it saw: where, for which installation, and when. */
export interface WitnessedHeadRecord {
  /** The backend's base URL (`backend.url` when it answered). */
  backend: string
  installId: string
  seq: number
  hash: string
  /** The backend's time when it says so, else when the receipt arrived. */
  witnessedAt: string
}

/**
 * The `witnessed_heads` table (migration 4): every head a backend confirmed, kept apart from the
 * uploads and deletions they came with so that deleting a recording keeps the evidence.
 */
export class WitnessedHeadStore {
  constructor(private readonly db: Db) {}

  record(head: WitnessedHeadRecord): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO witnessed_heads (backend, install_id, seq, hash, witnessed_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(head.backend, head.installId, head.seq, head.hash, head.witnessedAt)
  }

  /** Every head held, in seq order. */
  list(): WitnessedHeadRecord[] {
    return this.db
      .prepare(
        `SELECT backend, install_id AS installId, seq, hash, witnessed_at AS witnessedAt
         FROM witnessed_heads ORDER BY seq, backend, hash`,
      )
      .all() as WitnessedHeadRecord[]
  }
}

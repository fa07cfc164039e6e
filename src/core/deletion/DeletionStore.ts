import type { Db } from '../store/openDatabase'
import { DeletionReceipt } from '../../shared/upload'

/** What became of the backend's copy when a recording was deleted. */
export type RemoteDeletion = 'not-requested' | 'not-uploaded' | 'done'

export interface DeletionRecord {
  recordingId: string
  deletedAt: string
  remote: RemoteDeletion
  receipt: DeletionReceipt | null
}

/** The `deletions` table (migration 2): proof of deletion, kept after the recording's rows are gone. */
export class DeletionStore {
  constructor(private readonly db: Db) {}

  record(entry: DeletionRecord): void {
    this.db
      .prepare(
        'INSERT INTO deletions (recording_id, deleted_at, remote, receipt) VALUES (?, ?, ?, ?)',
      )
      .run(
        entry.recordingId,
        entry.deletedAt,
        entry.remote,
        entry.receipt === null ? null : JSON.stringify(entry.receipt),
      )
  }

  list(): DeletionRecord[] {
    const rows = this.db
      .prepare(
        `SELECT recording_id AS recordingId, deleted_at AS deletedAt, remote, receipt
         FROM deletions ORDER BY id`,
      )
      .all() as (Omit<DeletionRecord, 'receipt'> & { receipt: string | null })[]
    return rows.map((row) => ({
      ...row,
      receipt: row.receipt === null ? null : DeletionReceipt.parse(JSON.parse(row.receipt)),
    }))
  }
}

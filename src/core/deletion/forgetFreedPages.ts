import type { Db } from '../store/openDatabase'

/**
 * After a delete, moves every page in the write-ahead log into the database file and truncates
 * the log to zero bytes (SQLite docs, "PRAGMA wal_checkpoint": TRUNCATE). Deleted rows were
 * zeroed in place by `secure_delete` (openDatabase), but a WAL is reused from its start, not
 * shortened, so older frames holding the deleted text would otherwise stay in `earshot.db-wal`
 * until overwritten. TRUNCATE waits (busy_timeout) for readers in other processes to finish; false
 * means one still held an old snapshot, and the rest goes at the next delete or the next start.
 */
export function forgetFreedPages(db: Db): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number }[]
  return result?.busy === 0
}

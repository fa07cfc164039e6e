import { randomUUID } from 'node:crypto'
import type { Db } from '../store/openDatabase'

/**
 * Once read, a database's id never changes (it is only ever inserted, never updated or deleted),
 * so it is kept per connection: an upload batch reads it for every payload, header and receipt.
 */
const known = new WeakMap<Db, string>()

/**
 * This installation's random id, created on first use and kept in `meta`. It lets a backend tell
 * installs apart without anything about the person or machine. INSERT OR IGNORE then SELECT, so two
 * processes starting at once agree on one id.
 */
export function readInstallId(db: Db): string {
  const cached = known.get(db)
  if (cached !== undefined) return cached
  const inserted =
    db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('installId', ?)`).run(randomUUID())
      .changes > 0
  const id = db.prepare(`SELECT value FROM meta WHERE key = 'installId'`).pluck().get() as string
  // An id inserted inside a transaction is not kept until it is known to be committed: a rollback
  // would take it back, and the next call would make another.
  if (!inserted || !db.inTransaction) known.set(db, id)
  return id
}

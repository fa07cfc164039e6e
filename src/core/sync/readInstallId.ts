import { randomUUID } from 'node:crypto'
import type { Db } from '../store/openDatabase'

/**
 * This installation's random id, created on first use and kept in `meta`. It lets a backend tell
 * installs apart without anything about the person or machine. INSERT OR IGNORE then SELECT, so two
 * processes starting at once agree on one id.
 */
export function readInstallId(db: Db): string {
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('installId', ?)`).run(randomUUID())
  return db.prepare(`SELECT value FROM meta WHERE key = 'installId'`).pluck().get() as string
}

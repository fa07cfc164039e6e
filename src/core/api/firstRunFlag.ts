import type { Db } from '../store/openDatabase'

/**
 * Whether the first-run questions were answered or skipped, in `meta` beside the install id: a
 * fact about this installation, not a preference anyone sets, so not a setting.
 */
export const firstRunFlag = {
  isDone(db: Db): boolean {
    return db.prepare(`SELECT 1 FROM meta WHERE key = 'firstRunDone'`).get() !== undefined
  },
  markDone(db: Db, at: Date): void {
    db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('firstRunDone', ?)`).run(
      at.toISOString(),
    )
  },
}

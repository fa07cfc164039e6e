import type Database from 'better-sqlite3-multiple-ciphers'
import { CoreError } from '../CoreError'
import { migrations } from './migrations'

/** Applies every migration newer than the database, each in its own transaction. */
export function migrate(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null
  }
  const current = row.version ?? 0
  const newest = migrations.at(-1)?.version ?? 0
  if (current > newest) {
    throw new CoreError(
      'database-too-new',
      `This database was written by a newer Earshot (schema ${current}; this version knows ${newest}). Update Earshot.`,
    )
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  )
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      db.exec(migration.sql)
      record.run(migration.version, migration.name, new Date().toISOString())
    })()
  }
}

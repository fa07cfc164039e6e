import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { migrate } from './migrate'

export type Db = Database.Database

/**
 * Opens (creating if needed) Earshot's database and brings its schema up to date.
 * WAL lets readers (the UI, the CLI) run while a transcription writes; busy_timeout covers the
 * moments two processes (app and CLI) write at once.
 */
export function openDatabase(path: string): Db {
  mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // NORMAL is durable across application crashes in WAL mode; only a power loss can lose the last commits.
  db.pragma('synchronous = NORMAL')
  // Deleted content is overwritten with zeros, not left in free pages and cells for anyone
  // reading the file (SQLite docs, "PRAGMA secure_delete"; issue 15). Per connection, so here.
  db.pragma('secure_delete = ON')
  migrate(db)
  return db
}

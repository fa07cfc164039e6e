import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type Database from 'better-sqlite3-multiple-ciphers'
import { encryptInPlace } from './encryptInPlace'
import { migrate } from './migrate'
import { openEncryptedSqlite, type DatabaseKey } from './openEncryptedSqlite'

export type Db = Database.Database

/**
 * Opens (creating if needed) Earshot's database and brings its schema up to date.
 * WAL lets readers (the UI, the CLI) run while a transcription writes; busy_timeout covers the
 * moments two processes (app and CLI) write at once. With a key (the core always passes one,
 * src/core/keys/resolveDatabaseKey) the file is encrypted, WAL included, and a plaintext library
 * from before is encrypted in place first (encryptInPlace).
 */
export function openDatabase(path: string, key: DatabaseKey): Db {
  mkdirSync(dirname(path), { recursive: true })
  if (key !== null) encryptInPlace(path, key)
  const db = openEncryptedSqlite(path, key)
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

import { basename } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { CoreError } from '../CoreError'

/** A raw 256-bit database key; `null` opens a plaintext file (the reference backend, fixtures). */
export type DatabaseKey = Buffer | null

/**
 * SQLCipher 4's page format (AES-256-CBC, HMAC-SHA512 per page), so an exported copy opens in
 * the `sqlcipher` shell or DB Browser for SQLite with the same raw key (README, "Encryption at
 * rest"). SQLite3MultipleCiphers docs, "SQLCipher": `legacy=4` selects the version 4 defaults.
 */
export function configureCipher(db: Database.Database): void {
  db.pragma(`cipher = 'sqlcipher'`)
  db.pragma('legacy = 4')
}

/** Keys a connection just opened (before any read), with the cipher above. */
export function applyDatabaseKey(db: Database.Database, key: Buffer): void {
  if (key.byteLength !== 32) throw new TypeError('A database key is 32 bytes')
  configureCipher(db)
  // The x'…' form is a raw key: no PBKDF2 over a passphrase (the key is random already), and
  // the key never appears as text a KDF could be attacked through (SQLCipher docs, "PRAGMA key").
  db.pragma(`key = "x'${key.toString('hex')}'"`)
}

/**
 * Opens one SQLite file with `key` and proves the key fits by reading the schema, so a wrong or
 * missing key is one sentence here instead of SQLITE_NOTADB at the first query somewhere else.
 */
export function openEncryptedSqlite(
  path: string,
  key: DatabaseKey,
  options: Database.Options = {},
): Database.Database {
  const db = new Database(path, options)
  try {
    if (key !== null) applyDatabaseKey(db, key)
    db.prepare('SELECT count(*) FROM sqlite_schema').get()
    return db
  } catch (error) {
    db.close()
    if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') {
      throw new CoreError(
        'database-key-wrong',
        key === null
          ? `${basename(path)} is encrypted and could not be opened without its key.`
          : `${basename(path)} could not be opened with this key: it was encrypted with another key (EARSHOT_DB_KEY, the keychain or the key file), or the file is damaged.`,
        { cause: error },
      )
    }
    throw error
  }
}

/** Whether `path` opens with `key` (false for another key); other failures are thrown. */
export function opensWithKey(path: string, key: Buffer): boolean {
  try {
    openEncryptedSqlite(path, key).close()
    return true
  } catch (error) {
    if (error instanceof CoreError && error.code === 'database-key-wrong') return false
    throw error
  }
}

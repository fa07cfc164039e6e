import { renameSync, rmSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type Database from 'better-sqlite3-multiple-ciphers'
import { CoreError } from '../CoreError'
import { fsyncPath } from './fsyncPath'
import { configureCipher, openEncryptedSqlite, opensWithKey } from './openEncryptedSqlite'
import { sqliteFileState } from './sqliteFileState'

/**
 * Encrypts a plaintext SQLite file in place, so that a `kill -9` at any moment leaves either the
 * old file or the new one at `path`, never neither, and the next start finishes the job (see
 * rewriteUnderKey). Returns whether this call did the encryption.
 */
export function encryptInPlace(path: string, key: Buffer): boolean {
  removeSqliteFiles(copyPath(path))
  if (sqliteFileState(path) !== 'plaintext') return false
  rewriteUnderKey(path, null, key)
  return true
}

/**
 * Re-encrypts an encrypted SQLite file under a new key in place, with the same crash guarantee:
 * the file at `path` is always whole, under `from` or under `to`. Returns false when it already
 * opens with `to` (a start finishing a rotation that a crash cut short). Refuses, in one
 * sentence, when another connection has the file open: replacing the file under it would lose
 * what it writes next (src/core/keys/rotateDatabaseKey).
 */
export function rekeyInPlace(path: string, from: Buffer, to: Buffer): boolean {
  removeSqliteFiles(copyPath(path))
  if (opensWithKey(path, to)) return false
  rewriteUnderKey(path, from, to)
  return true
}

/**
 * The one way a database file is rewritten under a key:
 *
 * 1. fold the source's WAL into it and leave WAL mode, so it is one file (an old `-wal` beside the
 *    new file would otherwise be replayed into it), holding the file's lock in exclusive mode
 *    until the end, so no other connection opens it half-way;
 * 2. `VACUUM INTO` a copy beside it (SQLite3MultipleCiphers writes the copy under the source's
 *    own key, or plain from a plain source, so no plaintext appears that was not there), and
 *    key the copy with `PRAGMA rekey`;
 * 3. fsync it, reopen it with the new key, check `integrity_check` and every table's row count;
 * 4. rename it over `path` (atomic) and fsync the folder.
 *
 * A copy left by an interrupted run is deleted first: until the rename, `path` is the database.
 */
function rewriteUnderKey(path: string, from: Buffer | null, to: Buffer): void {
  const copy = copyPath(path)
  const source = openEncryptedSqlite(path, from)
  let counts: Map<string, number>
  try {
    source.pragma('busy_timeout = 2000')
    source.pragma('locking_mode = EXCLUSIVE')
    source.pragma('wal_checkpoint(TRUNCATE)')
    // Leaving WAL mode needs every other connection closed: SQLITE_BUSY says one is open.
    try {
      source.pragma('journal_mode = DELETE')
      source.exec('BEGIN EXCLUSIVE; COMMIT')
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error
      throw new CoreError(
        'database-in-use',
        `${basename(path)} is open in another Earshot process, so it cannot be re-encrypted now; close it and try again.`,
        { cause: error },
      )
    }
    counts = rowCounts(source)
    source.prepare('VACUUM INTO ?').run(copy)
    const rekeying = openEncryptedSqlite(copy, from)
    try {
      rekeying.pragma('journal_mode = DELETE')
      configureCipher(rekeying)
      // SQLite3MultipleCiphers docs, "PRAGMA rekey": encrypts a plaintext database, or
      // re-encrypts an encrypted one, under the new key (not in WAL mode, hence DELETE above).
      rekeying.pragma(`rekey = "x'${to.toString('hex')}'"`)
    } finally {
      rekeying.close()
    }
    fsyncPath(copy)
    verifyCopy(copy, to, counts)
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true })
    // Windows cannot rename over an open file; elsewhere the lock is held across the rename.
    if (process.platform === 'win32') source.close()
    renameSync(copy, path)
    fsyncPath(dirname(path))
  } finally {
    if (source.open) source.close()
  }
}

function copyPath(path: string): string {
  return `${path}.encrypting`
}

function verifyCopy(copy: string, key: Buffer, expected: Map<string, number>): void {
  const db = openEncryptedSqlite(copy, key)
  try {
    const [check] = db.pragma('integrity_check') as { integrity_check: string }[]
    const actual = rowCounts(db)
    const same =
      actual.size === expected.size &&
      [...expected].every(([table, count]) => actual.get(table) === count)
    if (check?.integrity_check !== 'ok' || !same) {
      throw new CoreError(
        'encryption-verify-failed',
        `The encrypted copy of ${copy} did not match the original, so the plaintext database was kept; nothing was lost.`,
      )
    }
  } finally {
    db.close()
  }
}

function rowCounts(db: Database.Database): Map<string, number> {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all() as string[]
  return new Map(
    tables.map((table) => [
      table,
      db
        .prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number,
    ]),
  )
}

function removeSqliteFiles(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
}

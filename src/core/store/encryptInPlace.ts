import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { CoreError } from '../CoreError'
import { configureCipher, openEncryptedSqlite } from './openEncryptedSqlite'
import { sqliteFileState } from './sqliteFileState'

/**
 * Encrypts a plaintext SQLite file in place, so that a `kill -9` at any moment leaves either the
 * old file or the new one at `path`, never neither, and the next start finishes the job:
 *
 * 1. fold the plaintext's WAL into it and leave WAL mode, so it is one file (an old plaintext
 *    `-wal` beside the encrypted file would otherwise be replayed into it);
 * 2. `VACUUM INTO` a copy beside it, and encrypt the copy with `PRAGMA rekey`;
 * 3. fsync it, reopen it with the key, check `integrity_check` and every table's row count;
 * 4. rename it over `path` (atomic) and fsync the folder.
 *
 * A copy left by an interrupted run is deleted first: until the rename, `path` is the database.
 * Returns whether this call did the encryption.
 */
export function encryptInPlace(path: string, key: Buffer): boolean {
  const copy = `${path}.encrypting`
  removeSqliteFiles(copy)
  if (sqliteFileState(path) !== 'plaintext') return false
  const plain = new Database(path)
  let counts: Map<string, number>
  try {
    plain.pragma('busy_timeout = 10000')
    plain.pragma('wal_checkpoint(TRUNCATE)')
    plain.pragma('journal_mode = DELETE')
    counts = rowCounts(plain)
    plain.prepare('VACUUM INTO ?').run(copy)
  } finally {
    plain.close()
  }
  const encrypting = new Database(copy)
  try {
    encrypting.pragma('journal_mode = DELETE')
    configureCipher(encrypting)
    // SQLite3MultipleCiphers docs, "PRAGMA rekey": on a plaintext database, encrypts it.
    encrypting.pragma(`rekey = "x'${key.toString('hex')}'"`)
  } finally {
    encrypting.close()
  }
  fsyncPath(copy)
  verifyCopy(copy, key, counts)
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true })
  renameSync(copy, path)
  fsyncPath(dirname(path))
  return true
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

function fsyncPath(path: string): void {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
    if (process.platform === 'win32') return
    throw error
  }
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

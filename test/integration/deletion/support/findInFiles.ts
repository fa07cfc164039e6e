import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { sqliteFileState } from '../../../../src/core/store/sqliteFileState'
import { decryptSqlcipherPages } from '../../../support/decryptSqlcipherPages'
import { dataFolderKey } from '../../../support/openDataFolderDatabase'

/** Every regular file under `dir`, recursively, as paths relative to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

/**
 * Which files under `dir` hold any of `needles` as raw bytes: the review's search, which does not
 * care what format a file is in (SQLite pages, WAL frames, FTS5 segments, copies of media).
 */
export function findInFiles(
  dir: string,
  needles: readonly (string | Buffer)[],
): { file: string; needle: string }[] {
  const found: { file: string; needle: string }[] = []
  const key = isDataFolder(dir) ? dataFolderKey(dir) : null
  for (const file of filesUnder(dir)) {
    const bytes = readableBytes(join(dir, file), key)
    for (const needle of needles) {
      if (bytes.includes(typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle)) {
        found.push({
          file,
          needle: typeof needle === 'string' ? needle : `<${needle.byteLength} media bytes>`,
        })
      }
    }
  }
  return found
}

/** A data folder (it holds its database key): its databases are searched decrypted too. */
function isDataFolder(dir: string): boolean {
  return existsSync(join(dir, 'keys', 'database.key')) || Boolean(process.env.EARSHOT_DB_KEY)
}

/**
 * The file's raw bytes, followed, for an encrypted database or its WAL, by every page decrypted
 * with the data folder's key (free pages and stale WAL frames included): encryption must not
 * make this search pass by itself (issue 13), so words a delete left behind are still found.
 */
export function readableBytes(path: string, key: Buffer | null): Buffer {
  const raw = readFileSync(path)
  if (key === null || raw.byteLength === 0) return raw
  if (path.endsWith('-wal')) {
    const database = path.slice(0, -'-wal'.length)
    if (sqliteFileState(database) !== 'encrypted') return raw
    return Buffer.concat([raw, decryptSqlcipherPages(raw, key, 'wal')])
  }
  if (/\.db$/.test(path) && sqliteFileState(path) === 'encrypted') {
    return Buffer.concat([raw, decryptSqlcipherPages(raw, key, 'db')])
  }
  return raw
}

import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

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
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(join(dir, file))
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

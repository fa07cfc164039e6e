import { closeSync, openSync, readSync } from 'node:fs'

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/**
 * What a database file is, from its first 16 bytes: SQLite's plaintext header, or anything else
 * (SQLCipher starts with the page's random salt). An empty or missing file is not yet a database.
 */
export function sqliteFileState(path: string): 'absent' | 'plaintext' | 'encrypted' {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent'
    throw error
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.byteLength)
    const read = readSync(fd, head, 0, head.byteLength, 0)
    if (read === 0) return 'absent'
    return head.subarray(0, read).equals(SQLITE_HEADER) ? 'plaintext' : 'encrypted'
  } finally {
    closeSync(fd)
  }
}

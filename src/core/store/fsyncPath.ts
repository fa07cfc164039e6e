import { closeSync, fsyncSync, openSync } from 'node:fs'

/**
 * fsyncs a file, or a folder so that a rename or removal in it survives a power loss (rename(2)
 * is atomic but only durable once the directory is synced). The one home of this step for the
 * atomic writes, the key files and the in-place re-encryption.
 */
export function fsyncPath(path: string, options: { missingOk?: boolean } = {}): void {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    // Windows cannot open a folder for fsync; NTFS journals the rename itself.
    if (process.platform === 'win32') return
    if (options.missingOk === true && (error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { fsyncPath } from '../store/fsyncPath'

/**
 * Replaces `path` so that a reader (or a crash) sees the old file or the new one, never a mix:
 * write a temp file beside it, fsync it, rename over, then fsync the folder so the rename itself
 * survives a power loss (rename(2) is atomic but only durable once the directory is synced).
 * `syncFolder: false` skips that last step for a file whose older version is an acceptable
 * state after a crash (the audit head, which may lag): the new content is still never torn.
 */
export function writeFileAtomic(
  path: string,
  chunks: Iterable<string>,
  options: { syncFolder?: boolean } = {},
): void {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`
  const fd = openSync(temp, 'w', 0o600)
  try {
    for (const chunk of chunks) writeSync(fd, chunk)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temp, { force: true })
    throw error
  }
  closeSync(fd)
  renameSync(temp, path)
  if (options.syncFolder !== false) fsyncPath(dirname(path))
}

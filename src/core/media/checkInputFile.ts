import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { MediaError } from './MediaError'

/**
 * Answers the common mistakes (missing, a folder, empty, unreadable) ourselves before ffmpeg runs:
 * its own messages for these vary by version and platform, ours stay one clear sentence.
 * Returns the file's size in bytes.
 */
export async function checkInputFile(file: string): Promise<number> {
  const name = JSON.stringify(basename(file))
  try {
    const info = await stat(file)
    if (info.isDirectory()) {
      throw new MediaError('is-directory', `${name} is a folder, not a recording.`, { path: file })
    }
    if (info.size === 0) {
      throw new MediaError('empty-file', `${name} is empty (0 bytes).`, { path: file })
    }
    // stat needs only the folder's permission; opening proves we (and so ffmpeg) may read the file.
    const handle = await open(file, 'r')
    await handle.close()
    return info.size
  } catch (error) {
    if (error instanceof MediaError) throw error
    throw fromErrno(error, file, name)
  }
}

function fromErrno(error: unknown, file: string, name: string): MediaError {
  const code = (error as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'ELOOP':
    case 'ENAMETOOLONG':
      return new MediaError('not-found', `${name} does not exist.`, { path: file, cause: error })
    case 'EACCES':
    case 'EPERM':
      return new MediaError('permission-denied', `Permission denied reading ${name}.`, {
        path: file,
        cause: error,
      })
    default:
      return new MediaError(
        'unreadable',
        `${name} could not be read (${code ?? 'unknown error'}).`,
        {
          path: file,
          cause: error,
        },
      )
  }
}

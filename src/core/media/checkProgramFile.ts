import { realpathSync, statSync, type Stats } from 'node:fs'
import { dirname } from 'node:path'
import { MediaError } from './MediaError'

const WORLD_WRITABLE = 0o002
const MISSING = 'it does not exist'

export interface ProgramFileOptions {
  /** Defaults to this process's uid; Windows has none, and the ownership checks are skipped there. */
  uid?: number
}

/**
 * Why Earshot must not run `path`, or null when it may. A program Earshot runs with the user's
 * rights must be one only the user (or root) could have put there: a regular file owned by the user
 * or root, not world-writable, and with no world-writable folder, sticky or not, on the way to it
 * (the real path after symlinks and the path as given). Anyone can drop a file into /tmp or a
 * world-writable folder, and anyone can swap a file in a folder they may write to. Sticky /tmp is
 * refused too: its sticky bit only stops others deleting files, a planted file there is still
 * someone else's. Checked when the setting is made and again before every launch.
 */
export function programFileProblem(path: string, options: ProgramFileOptions = {}): string | null {
  const uid = options.uid ?? process.getuid?.()
  let real: string
  let info: Stats
  try {
    real = realpathSync(path)
    info = statSync(real)
  } catch {
    return MISSING
  }
  if (!info.isFile()) return 'it is not a regular file'
  if (uid !== undefined && info.uid !== uid && info.uid !== 0) {
    return 'it is owned by another user'
  }
  if ((info.mode & WORLD_WRITABLE) !== 0) return 'anyone on this computer may change it'
  for (const file of new Set([real, path])) {
    for (let dir = dirname(file); ; dir = dirname(dir)) {
      const folder = statSync(dir, { throwIfNoEntry: false })
      if (folder === undefined) return 'a folder on its path is missing'
      if ((folder.mode & WORLD_WRITABLE) !== 0) {
        return `it sits in ${dir}, a folder anyone on this computer may write to`
      }
      if (uid !== undefined && folder.uid !== uid && folder.uid !== 0) {
        return `it sits in ${dir}, a folder another user owns`
      }
      if (dirname(dir) === dir) break
    }
  }
  return null
}

/**
 * Throws when `path` may not run, naming `label` (where the path came from): `ffmpeg-not-found` when
 * there is no file (it vanished since it was set: the user reinstalls, nothing is unsafe), else
 * `unsafe-program`.
 */
export function checkProgramFile(path: string, label: string, options?: ProgramFileOptions): void {
  const problem = programFileProblem(path, options)
  if (problem === MISSING) {
    throw new MediaError(
      'ffmpeg-not-found',
      `Earshot cannot find ${JSON.stringify(path)} (from ${label}): install ffmpeg or point media.ffmpegPath at it.`,
    )
  }
  if (problem !== null) {
    throw new MediaError(
      'unsafe-program',
      `Earshot will not run ${JSON.stringify(path)} (from ${label}): ${problem}.`,
    )
  }
}

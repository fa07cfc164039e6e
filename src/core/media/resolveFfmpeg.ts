import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path'
import { checkProgramFile, programFileProblem } from './checkProgramFile'
import { MediaError } from './MediaError'

export interface FfmpegBinaries {
  ffmpeg: string
  /** Probing uses ffprobe's JSON output rather than scraping `ffmpeg -i` text (same start-up cost, ~80 ms). */
  ffprobe: string
  /** Where the binary came from, for diagnostics. */
  source: 'setting' | 'env' | 'path'
}

export interface ResolveFfmpegOptions {
  /** The `media.ffmpegPath` setting. */
  settingPath?: string
  env: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
}

/**
 * Finds the native ffmpeg: setting `media.ffmpegPath`, then env `EARSHOT_FFMPEG`, then `PATH`.
 * ffprobe must sit beside the ffmpeg found (static builds and distro packages ship both).
 *
 * Returns null when nothing is configured and nothing is on PATH (the caller may fall back to wasm).
 * Throws `ffmpeg-not-found` when a path was configured explicitly but is unusable: the user asked
 * for that binary, so silently using another would hide their mistake. Throws `unsafe-program` when
 * it sits where someone else could have planted it (checkProgramFile); NativeFfmpeg checks again
 * before every launch.
 */
export function resolveFfmpeg(options: ResolveFfmpegOptions): FfmpegBinaries | null {
  const platform = options.platform ?? process.platform
  const exe = platform === 'win32' ? '.exe' : ''
  const configured: [FfmpegBinaries['source'], string | undefined, string][] = [
    ['setting', options.settingPath, 'the media.ffmpegPath setting'],
    ['env', options.env.EARSHOT_FFMPEG, 'EARSHOT_FFMPEG'],
  ]
  for (const [source, value, label] of configured) {
    if (value === undefined || value.trim() === '') continue
    return { ...configuredBinaries(value, label, platform), source }
  }
  for (const dir of (options.env.PATH ?? '').split(delimiter)) {
    // An empty or relative PATH entry would resolve against the cwd, which an attacker may control.
    if (dir === '' || !isAbsolute(dir)) continue
    const ffmpeg = join(dir, `ffmpeg${exe}`)
    const ffprobe = join(dir, `ffprobe${exe}`)
    // A PATH entry anyone may write to (a stray /tmp/bin) is passed over, not trusted.
    const usable = (file: string) => isExecutableFile(file) && programFileProblem(file) === null
    if (usable(ffmpeg) && usable(ffprobe)) return { ffmpeg, ffprobe, source: 'path' }
  }
  return null
}

/**
 * The ffmpeg at `value` and the ffprobe beside it, both present, executable and safe to run (see
 * checkProgramFile); `label` names where the path came from. Also the check `media.ffmpegPath` gets
 * when it is set.
 */
export function configuredBinaries(
  value: string,
  label: string,
  platform: NodeJS.Platform = process.platform,
): Omit<FfmpegBinaries, 'source'> {
  const ffmpeg = resolve(value)
  const ffprobe = join(dirname(ffmpeg), `ffprobe${platform === 'win32' ? '.exe' : ''}`)
  if (!isExecutableFile(ffmpeg)) {
    throw new MediaError(
      'ffmpeg-not-found',
      `ffmpeg was not found at ${JSON.stringify(ffmpeg)} (from ${label}); fix the path or clear it.`,
    )
  }
  if (!isExecutableFile(ffprobe)) {
    throw new MediaError(
      'ffmpeg-not-found',
      `ffprobe was not found beside ffmpeg at ${JSON.stringify(ffprobe)} (from ${label}).`,
    )
  }
  checkProgramFile(ffmpeg, label)
  checkProgramFile(ffprobe, label)
  return { ffmpeg, ffprobe }
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

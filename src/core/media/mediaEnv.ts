import { OS_WALL_SWITCH, osWallSwitchEnv } from '../egress/osWallSwitch'

/**
 * The environment variables the media processes (ffmpeg, ffprobe, the ffmpeg.wasm decoder) get.
 * They need nothing from the environment; what they would read there (`FFREPORT` writes a log
 * file, `LD_PRELOAD`/`DYLD_*` and `NODE_OPTIONS` load code) is exactly what they should not get.
 * Temporary folders for tsx's compile cache when the decoder runs from sources; Windows needs
 * `SystemRoot` to load system DLLs. `EARSHOT_OS_WALL=off` when the host's walls are off, so the
 * wasm decoder leaves its seccomp wall off too (osWallSwitch.ts).
 */
export const MEDIA_ENV_NAMES: readonly string[] = [
  'SystemRoot',
  'TEMP',
  'TMP',
  'TMPDIR',
  OS_WALL_SWITCH,
]

export function mediaEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {}
  for (const name of MEDIA_ENV_NAMES) {
    const value = env[name]
    if (value !== undefined && name !== OS_WALL_SWITCH) kept[name] = value
  }
  return { ...kept, ...osWallSwitchEnv() }
}

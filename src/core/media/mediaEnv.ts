/**
 * The environment variables the media processes (ffmpeg, ffprobe, the ffmpeg.wasm decoder) get.
 * They need nothing from the environment; what they would read there (`FFREPORT` writes a log
 * file, `LD_PRELOAD`/`DYLD_*` and `NODE_OPTIONS` load code) is exactly what they should not get.
 * Temporary folders for tsx's compile cache when the decoder runs from sources; Windows needs
 * `SystemRoot` to load system DLLs.
 */
export const MEDIA_ENV_NAMES: readonly string[] = ['SystemRoot', 'TEMP', 'TMP', 'TMPDIR']

export function mediaEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {}
  for (const name of MEDIA_ENV_NAMES) {
    const value = env[name]
    if (value !== undefined) kept[name] = value
  }
  return kept
}

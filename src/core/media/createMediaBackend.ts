import { MediaError } from './MediaError'
import { MissingFfmpeg } from './MissingFfmpeg'
import { NativeFfmpeg } from './NativeFfmpeg'
import { resolveFfmpeg } from './resolveFfmpeg'
import type { MediaBackend } from './types'
import type { SpawnWasmDecoder } from './WasmDecoderHandle'
import { WasmFfmpeg } from './WasmFfmpeg'

export interface CreateMediaBackendOptions {
  /** Setting `media.backend`: 'auto' uses native ffmpeg when found, else ffmpeg.wasm. */
  backend: 'auto' | 'native' | 'wasm'
  /** Setting `media.ffmpegPath`. */
  settingPath?: string
  env: NodeJS.ProcessEnv
  /** How the ffmpeg.wasm decoder process starts (Electron: a utility process); default Node. */
  spawnWasmDecoder?: SpawnWasmDecoder
}

/**
 * Never throws: a missing or misconfigured ffmpeg becomes a backend whose calls fail with
 * `ffmpeg-not-found`. An explicitly configured path that is wrong is not papered over with wasm in
 * 'auto' mode either — the user chose that binary and should hear that it is missing.
 */
export function createMediaBackend(options: CreateMediaBackendOptions): MediaBackend {
  const wasm = (): WasmFfmpeg =>
    new WasmFfmpeg(
      options.spawnWasmDecoder === undefined ? {} : { spawnDecoder: options.spawnWasmDecoder },
    )
  if (options.backend === 'wasm') return wasm()
  let binaries
  try {
    binaries = resolveFfmpeg({ settingPath: options.settingPath, env: options.env })
  } catch (error) {
    if (error instanceof MediaError) return new MissingFfmpeg(error)
    throw error
  }
  if (binaries) return new NativeFfmpeg(binaries)
  if (options.backend === 'auto') return wasm()
  return new MissingFfmpeg(
    new MediaError(
      'ffmpeg-not-found',
      'ffmpeg was not found on PATH; install it, set media.ffmpegPath, or choose the built-in decoder (media.backend = wasm).',
    ),
  )
}

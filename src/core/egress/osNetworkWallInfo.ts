import type { OsNetworkWallInfo } from '../../shared/api'
import type { Core } from '../app'
import { osNetworkWall } from './osNetworkWall'

/**
 * What Settings says about the OS wall. It covers what launchEngineProcess starts: native ffmpeg
 * and ffprobe, or the ffmpeg.wasm decoder process in their place, and the whisper worker; the
 * last two only when they are Node child processes (the Electron app forks them as utility
 * processes, which Electron starts itself).
 */
export function osNetworkWallInfo(core: Pick<Core, 'options' | 'media'>): OsNetworkWallInfo {
  const wall = osNetworkWall()
  if (wall.kind === 'none') return { kind: 'none', detail: wall.detail, covers: [] }
  const covers: OsNetworkWallInfo['covers'] = []
  if (core.media.kind === 'native') covers.push('ffmpeg', 'ffprobe')
  if (core.media.kind === 'wasm' && core.options.spawnWasmDecoder === undefined) {
    covers.push('wasm-decoder')
  }
  if (core.options.spawnWhisperWorker === undefined) covers.push('whisper-worker')
  return { kind: wall.kind, detail: wall.detail, covers }
}

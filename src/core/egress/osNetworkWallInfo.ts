import type { OsNetworkWallInfo } from '../../shared/api'
import type { Core } from '../app'
import { osNetworkWall } from './osNetworkWall'

/**
 * What Settings says about the OS wall. It covers what launchEngineProcess starts: native ffmpeg
 * and ffprobe always, the whisper worker only when it is a Node child process (the Electron app
 * forks it as a utility process, which Electron starts itself). The ffmpeg.wasm decoder is a worker
 * thread of this process, which no namespace or sandbox profile can single out.
 */
export function osNetworkWallInfo(core: Pick<Core, 'options' | 'media'>): OsNetworkWallInfo {
  const wall = osNetworkWall()
  if (wall.kind === 'none') return { kind: 'none', detail: wall.detail, covers: [] }
  const covers: OsNetworkWallInfo['covers'] = []
  if (core.media.kind === 'native') covers.push('ffmpeg', 'ffprobe')
  if (core.options.spawnWhisperWorker === undefined) covers.push('whisper-worker')
  return { kind: wall.kind, detail: wall.detail, covers }
}

import type { MediaProcess, MediaProcessWall, OsNetworkWallInfo } from '../../shared/api'
import type { Core } from '../app'
import { osNetworkWall } from './osNetworkWall'
import { expectedSeccompWall } from './seccompWall'
import { lastSeccompWallReport, type SeccompWalledProcess } from './seccompWallReports'

/**
 * What Settings says about the OS walls, per media process. The namespace or sandbox wall covers
 * what launchEngineProcess starts: native ffmpeg and ffprobe, or the ffmpeg.wasm decoder process
 * in their place, and the whisper worker; the last two only when they are Node child processes
 * (the Electron app forks them as utility processes, which Electron starts itself). The seccomp
 * wall is the one the two workers put on themselves in either transport (seccompWall.ts): as the
 * last worker of that kind reported it, or, before one has run, as expected.
 */
export function osNetworkWallInfo(core: Pick<Core, 'options' | 'media'>): OsNetworkWallInfo {
  const wall = osNetworkWall()
  const media: MediaProcess[] =
    core.media.kind === 'native' ? ['ffmpeg', 'ffprobe'] : ['wasm-decoder']
  const started: MediaProcess[] = [...media, 'whisper-worker']
  const wrapped = (process: MediaProcess): boolean =>
    process === 'whisper-worker'
      ? core.options.spawnWhisperWorker === undefined
      : process !== 'wasm-decoder' || core.options.spawnWasmDecoder === undefined
  const covers = wall.kind === 'none' ? [] : started.filter(wrapped)
  const expected = expectedSeccompWall()
  const seccompOf = (process: MediaProcess): MediaProcessWall['seccomp'] =>
    isSeccompWalled(process)
      ? (lastSeccompWallReport(process)?.state ?? expected.state)
      : 'not-applicable'
  const processes = started.map((process): MediaProcessWall => {
    const seccomp = seccompOf(process)
    const kernel = seccomp === 'installed' || seccomp === 'expected'
    const outer = covers.includes(process)
      ? wall.kind === 'linux-netns'
        ? 'netns'
        : 'sandbox'
      : undefined
    const kind =
      outer === undefined ? (kernel ? 'seccomp' : 'none') : kernel ? 'netns+seccomp' : outer
    return { process, wall: kind, seccomp }
  })
  return {
    kind: wall.kind,
    detail: wall.detail,
    covers,
    processes,
    seccompDetail: seccompDetail(expected.detail),
  }
}

function isSeccompWalled(process: MediaProcess): process is SeccompWalledProcess {
  return process === 'whisper-worker' || process === 'wasm-decoder'
}

/** A failure a running worker reported comes first: it is what holds now, not what should. */
function seccompDetail(expected: string): string {
  const reports = [lastSeccompWallReport('whisper-worker'), lastSeccompWallReport('wasm-decoder')]
  const failed = reports.find((report) => report?.state === 'failed')
  return failed?.detail ?? reports.find((report) => report !== undefined)?.detail ?? expected
}

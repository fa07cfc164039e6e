import { describe, expect, it } from 'vitest'
import { osNetworkWallInfo } from '../../../src/core/egress/osNetworkWallInfo'
import { noteSeccompWallReport } from '../../../src/core/egress/seccompWallReports'
import type { WasmDecoderHandle } from '../../../src/core/media/WasmDecoderHandle'
import type { WhisperWorkerHandle } from '../../../src/core/transcribe/WhisperWorkerHandle'

const electronWorker = (): WhisperWorkerHandle => {
  throw new Error('not started in this test')
}
const electronDecoder = (): WasmDecoderHandle => {
  throw new Error('not started in this test')
}

describe('osNetworkWallInfo (what Settings says about the OS wall)', () => {
  it('covers native ffmpeg, ffprobe and the Node whisper worker on this Linux machine', () => {
    const info = osNetworkWallInfo({
      options: { dataDir: '/x' },
      media: { kind: 'native' } as never,
    })
    expect(info).toMatchObject({
      kind: 'linux-netns',
      covers: ['ffmpeg', 'ffprobe', 'whisper-worker'],
    })
  })

  it('does not claim the whisper worker when the app starts it itself (Electron utility process)', () => {
    const info = osNetworkWallInfo({
      options: { dataDir: '/x', spawnWhisperWorker: electronWorker },
      media: { kind: 'native' } as never,
    })
    expect(info.covers).toEqual(['ffmpeg', 'ffprobe'])
  })

  it('covers the ffmpeg.wasm decoder process instead of ffmpeg when decoding runs on it', () => {
    const info = osNetworkWallInfo({ options: { dataDir: '/x' }, media: { kind: 'wasm' } as never })
    expect(info.covers).toEqual(['wasm-decoder', 'whisper-worker'])
  })

  it('does not claim the wasm decoder when the app starts it itself (Electron utility process)', () => {
    const info = osNetworkWallInfo({
      options: {
        dataDir: '/x',
        spawnWasmDecoder: electronDecoder,
        spawnWhisperWorker: electronWorker,
      },
      media: { kind: 'wasm' } as never,
    })
    expect(info.covers).toEqual([])
  })
})

describe('osNetworkWallInfo: every wall per media process, the seccomp filter included', () => {
  it('the CLI: ffmpeg and ffprobe in a namespace; the whisper worker in one and under its own filter', () => {
    const info = osNetworkWallInfo({
      options: { dataDir: '/x' },
      media: { kind: 'native' } as never,
    })
    const worker = info.processes.find((entry) => entry.process === 'whisper-worker')
    expect(info.processes.filter((entry) => entry.process !== 'whisper-worker')).toEqual([
      { process: 'ffmpeg', wall: 'netns', seccomp: 'not-applicable' },
      { process: 'ffprobe', wall: 'netns', seccomp: 'not-applicable' },
    ])
    // Installed once a worker of this test run has reported it, expected before: both walled.
    expect(['installed', 'expected']).toContain(worker?.seccomp)
    expect(worker?.wall).toBe('netns+seccomp')
  })

  it('the desktop app: its utility processes have no namespace, only the filter they put on themselves', () => {
    const info = osNetworkWallInfo({
      options: {
        dataDir: '/x',
        spawnWasmDecoder: electronDecoder,
        spawnWhisperWorker: electronWorker,
      },
      media: { kind: 'wasm' } as never,
    })
    expect(info.processes.map((entry) => [entry.process, entry.wall])).toEqual([
      ['wasm-decoder', 'seccomp'],
      ['whisper-worker', 'seccomp'],
    ])
  })

  it('a worker that reported a failed filter is shown as failed, and without it, as only what else holds it', () => {
    noteSeccompWallReport('wasm-decoder', {
      state: 'failed',
      detail: 'The kernel refused the seccomp network wall: test.',
    })
    // Each test file has its own module state: this report stays within this file.
    const info = osNetworkWallInfo({
      options: { dataDir: '/x', spawnWasmDecoder: electronDecoder },
      media: { kind: 'wasm' } as never,
    })
    expect(info.processes[0]).toEqual({ process: 'wasm-decoder', wall: 'none', seccomp: 'failed' })
    expect(info.seccompDetail).toBe('The kernel refused the seccomp network wall: test.')
  })

  it('a worker that said nothing about its filter counts as failed, never as walled', () => {
    noteSeccompWallReport('whisper-worker', undefined)
    const info = osNetworkWallInfo({
      options: { dataDir: '/x', spawnWhisperWorker: electronWorker },
      media: { kind: 'native' } as never,
    })
    expect(info.processes[2]).toEqual({
      process: 'whisper-worker',
      wall: 'none',
      seccomp: 'failed',
    })
  })
})

import { describe, expect, it } from 'vitest'
import { osNetworkWallInfo } from '../../../src/core/egress/osNetworkWallInfo'
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

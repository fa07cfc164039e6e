import { describe, expect, it } from 'vitest'
import { MediaError } from '../../../src/core/media/MediaError'
import { NativeFfmpeg } from '../../../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../../../src/core/media/resolveFfmpeg'
import { forkWasmDecoder } from '../../../src/core/media/forkWasmDecoder'
import { WasmFfmpeg } from '../../../src/core/media/WasmFfmpeg'
import { media, realSpeech } from '../../support/mediaFixtures'
import { collectPcm, maxAbsDifference, rms } from './pcmStats'
import { childProcessNames } from './processes'

// ffmpeg.wasm is 3–5× slower than native and each call starts a decoder process: few, short files.
const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('these tests need ffmpeg and ffprobe on PATH')
const native = new NativeFfmpeg(binaries)
const wasm = new WasmFfmpeg()

async function failure(promise: Promise<unknown>): Promise<MediaError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MediaError)
  return error as MediaError
}

describe('WasmFfmpeg', () => {
  it.each([
    ['mp4 (H.264 + AAC)', media.mp4],
    ['mp3', realSpeech.jfkMp3],
  ])('probes %s exactly as native ffprobe does', async (_label, file) => {
    expect(await wasm.probe(file)).toEqual(await native.probe(file))
  })

  it.each([
    ['mp3', 'mono', realSpeech.jfkMp3],
    ['webm (VP9 + Opus)', 'mono', media.webm],
    ['split-channel wav', 'stereo', media.stereoSplit],
  ] as const)('decodes %s (%s) to the same PCM as native ffmpeg', async (_label, layout, file) => {
    const [fromWasm, fromNative] = await Promise.all([
      collectPcm(wasm.decodeToPcm(file, { layout })),
      collectPcm(native.decodeToPcm(file, { layout })),
    ])
    expect(fromWasm.length).toBe(fromNative.length)
    expect(maxAbsDifference(fromWasm, fromNative)).toBeLessThan(1e-5)
    expect(rms(fromWasm, { channels: 1, channel: 0, from: 0, to: 2 })).toBeGreaterThan(0.01)
  })

  it.each([
    ['a text file named .mp4', media.textAsMp4, 'not-media'],
    ['an mp4 cut short before its index', media.truncatedMp4, 'corrupt-media'],
    ['a video without audio', media.videoOnly, 'no-audio-stream'],
    ['an empty file', media.empty, 'empty-file'],
  ])('rejects %s with the same code as native', async (_label, file, code) => {
    expect((await failure(wasm.probe(file))).code).toBe(code)
    expect((await failure(collectPcm(wasm.decodeToPcm(file)))).code).toBe(code)
  })

  it('refuses a file above its size limit with too-large-for-wasm before starting a decoder', async () => {
    const small = new WasmFfmpeg({ maxInputBytes: 1000 })
    const error = await failure(small.probe(media.mp3))
    expect(error.code).toBe('too-large-for-wasm')
    expect(error.message).toMatch(/install ffmpeg/)
    expect((await failure(collectPcm(small.decodeToPcm(media.mp3)))).code).toBe(
      'too-large-for-wasm',
    )
  })

  it('stops its decoder process when aborted mid-decode and rejects with cancelled', async () => {
    expect(childProcessNames()).toEqual([])
    const controller = new AbortController()
    const chunks = wasm.decodeToPcm(realSpeech.jfkWav, { signal: controller.signal })
    const iterator = chunks[Symbol.asyncIterator]()
    await iterator.next()
    expect(childProcessNames()).toEqual(['node'])
    controller.abort()
    const error = await failure(
      (async () => {
        for (;;) if ((await iterator.next()).done) return
      })(),
    )
    expect(error.code).toBe('cancelled')
    expect(childProcessNames()).toEqual([])
  })

  it('stops its decoder process when the consumer breaks out early', async () => {
    let seen = 0
    for await (const chunk of wasm.decodeToPcm(realSpeech.jfkWav)) {
      seen += chunk.length
      break
    }
    expect(seen).toBeGreaterThan(0)
    expect(childProcessNames()).toEqual([])
  })

  it('reports a decoder process that dies mid-decode as ffmpeg-failed, saying how it ended', async () => {
    // Killed from outside after its first PCM, as an out-of-memory kill or a crash would end it.
    const killedEarly = new WasmFfmpeg({
      spawnDecoder: (task) => {
        const handle = forkWasmDecoder(task)
        handle.stdout.once('data', () => {
          handle.kill()
        })
        return handle
      },
    })
    const error = await failure(collectPcm(killedEarly.decodeToPcm(realSpeech.jfkWav)))
    expect(error.code).toBe('ffmpeg-failed')
    expect(error.message).toBe('The built-in decoder stopped while reading "jfk.wav".')
    expect(error.detail).toMatch(/^SIGKILL/)
    expect(childProcessNames()).toEqual([])
  })
})

import { spawn } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { MediaError } from '../../../src/core/media/MediaError'
import { NativeFfmpeg } from '../../../src/core/media/NativeFfmpeg'
import { resolveFfmpeg } from '../../../src/core/media/resolveFfmpeg'
import { PCM_SAMPLE_RATE } from '../../../src/core/media/types'
import { CLIP_SECONDS, media, realSpeech, stereoSplitSpeech } from '../../support/mediaFixtures'
import { repoRoot } from '../../support/paths'
import { useTempDir } from '../../support/tempDir'
import { childProcessNames } from './processes'
import { collectPcm, rms } from './pcmStats'

const binaries = resolveFfmpeg({ env: process.env })
if (!binaries) throw new Error('these tests need ffmpeg and ffprobe on PATH')
const native = new NativeFfmpeg(binaries)
const tempDir = useTempDir('earshot-media-')

async function failure(promise: Promise<unknown>): Promise<MediaError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(MediaError)
  return error as MediaError
}

const decodeAll = (file: string, layout: 'mono' | 'stereo' = 'mono'): Promise<Float32Array> =>
  collectPcm(native.decodeToPcm(file, { layout }))

describe('NativeFfmpeg.probe', () => {
  it.each([
    ['mp4', media.mp4, 'mov,mp4,m4a,3gp,3g2,mj2', 'aac', 1, 44100, true],
    ['mov', media.mov, 'mov,mp4,m4a,3gp,3g2,mj2', 'aac', 2, 48000, true],
    ['mkv', media.mkv, 'matroska,webm', 'flac', 1, 22050, true],
    ['webm', media.webm, 'matroska,webm', 'opus', 1, 48000, true],
    ['m4a', media.m4a, 'mov,mp4,m4a,3gp,3g2,mj2', 'aac', 1, 16000, false],
    ['mp3', media.mp3, 'mp3', 'mp3', 1, 24000, false],
    ['8-bit 8 kHz wav', media.wavU8Mono8k, 'wav', 'pcm_u8', 1, 8000, false],
    ['16-bit 16 kHz wav', media.wavS16Mono16k, 'wav', 'pcm_s16le', 1, 16000, false],
    ['24-bit 48 kHz stereo wav', media.wavS24Stereo48k, 'wav', 'pcm_s24le', 2, 48000, false],
  ])(
    'reports container, duration, audio stream and video for %s',
    async (_label, file, container, codec, channels, sampleRate, hasVideo) => {
      const probed = await native.probe(file)
      expect(probed.container).toBe(container)
      expect(probed.durationMs).toBeGreaterThanOrEqual(CLIP_SECONDS * 1000 - 10)
      expect(probed.durationMs).toBeLessThanOrEqual(CLIP_SECONDS * 1000 + 60)
      expect(probed.audioStreams).toEqual([
        { index: expect.any(Number) as number, codec, channels, sampleRate },
      ])
      expect(probed.hasVideo).toBe(hasVideo)
    },
  )

  it('reads the real 11 s speech recordings', async () => {
    const wav = await native.probe(realSpeech.jfkWav)
    expect(wav).toMatchObject({ container: 'wav', durationMs: 11000, hasVideo: false })
    expect((await native.probe(realSpeech.jfkMp3)).container).toBe('mp3')
  })
})

describe('NativeFfmpeg.decodeToPcm', () => {
  it.each([
    ['mp4', media.mp4],
    ['webm', media.webm],
    ['mkv', media.mkv],
    ['mp3', media.mp3],
    ['8-bit 8 kHz wav', media.wavU8Mono8k],
    ['24-bit 48 kHz stereo wav', media.wavS24Stereo48k],
  ])('turns %s into 16 kHz mono samples as long as the file', async (_label, file) => {
    const { durationMs } = await native.probe(file)
    const pcm = await decodeAll(file)
    const expected = (durationMs / 1000) * PCM_SAMPLE_RATE
    // Codec priming and padding may add or drop a few ms (mp3: ~50 ms of encoder delay).
    expect(Math.abs(pcm.length - expected)).toBeLessThan(0.06 * PCM_SAMPLE_RATE)
    expect(rms(pcm, { channels: 1, channel: 0, from: 0, to: 2.5 })).toBeGreaterThan(0.01)
  })

  it('decodes the real speech wav sample for sample at 16 kHz', async () => {
    const pcm = await decodeAll(realSpeech.jfkWav)
    expect(pcm.length).toBe(11 * PCM_SAMPLE_RATE)
  })

  it('streams in several chunks rather than one buffer', async () => {
    let chunks = 0
    for await (const chunk of native.decodeToPcm(realSpeech.jfkWav)) {
      expect(chunk).toBeInstanceOf(Float32Array)
      chunks++
    }
    expect(chunks).toBeGreaterThan(2)
  })

  it('keeps the two parties of a split-channel recording apart in stereo layout', async () => {
    const pcm = await decodeAll(media.stereoSplit, 'stereo')
    expect(pcm.length).toBe(2 * CLIP_SECONDS * PCM_SAMPLE_RATE)
    const [l0, l1] = stereoSplitSpeech.left
    const [r0, r1] = stereoSplitSpeech.right
    const left = { channels: 2, channel: 0 }
    const right = { channels: 2, channel: 1 }
    expect(rms(pcm, { ...left, from: l0, to: l1 })).toBeGreaterThan(0.02)
    expect(rms(pcm, { ...right, from: l0, to: l1 })).toBeLessThan(1e-4)
    expect(rms(pcm, { ...right, from: r0, to: r1 })).toBeGreaterThan(0.02)
    expect(rms(pcm, { ...left, from: r0, to: r1 })).toBeLessThan(1e-4)
  })

  it('mixes a split-channel recording into one channel in mono layout', async () => {
    const pcm = await decodeAll(media.stereoSplit)
    expect(pcm.length).toBe(CLIP_SECONDS * PCM_SAMPLE_RATE)
    const mono = { channels: 1, channel: 0 }
    expect(rms(pcm, { ...mono, ...{ from: 0, to: 2.8 } })).toBeGreaterThan(0.01)
    expect(rms(pcm, { ...mono, ...{ from: 3.2, to: 5.4 } })).toBeGreaterThan(0.01)
  })

  it('decodes one channel of a split-channel recording alone, as mono', async () => {
    const [l0, l1] = stereoSplitSpeech.left
    const [r0, r1] = stereoSplitSpeech.right
    const mono = { channels: 1, channel: 0 }
    const left = await collectPcm(native.decodeToPcm(media.stereoSplit, { layout: { channel: 0 } }))
    const right = await collectPcm(
      native.decodeToPcm(media.stereoSplit, { layout: { channel: 1 } }),
    )
    expect(left.length).toBe(CLIP_SECONDS * PCM_SAMPLE_RATE)
    expect(right.length).toBe(CLIP_SECONDS * PCM_SAMPLE_RATE)
    expect(rms(left, { ...mono, from: l0, to: l1 })).toBeGreaterThan(0.02)
    expect(rms(left, { ...mono, from: r0, to: r1 })).toBeLessThan(1e-4)
    expect(rms(right, { ...mono, from: r0, to: r1 })).toBeGreaterThan(0.02)
    expect(rms(right, { ...mono, from: l0, to: l1 })).toBeLessThan(1e-4)
  })

  it('duplicates a mono source into both channels in stereo layout', async () => {
    const pcm = await decodeAll(media.wavS16Mono16k, 'stereo')
    expect(pcm.length).toBe(2 * CLIP_SECONDS * PCM_SAMPLE_RATE)
    for (let i = 0; i < pcm.length; i += 2) {
      if (pcm[i] !== pcm[i + 1]) throw new Error(`frame ${i / 2} differs between channels`)
    }
    expect(rms(pcm, { channels: 2, channel: 1, from: 0, to: 2.5 })).toBeGreaterThan(0.01)
  })

  it('accepts paths with spaces, quotes, unicode and a leading dash', async () => {
    const dir = join(tempDir(), `-odd dir 'q' "dq"`)
    mkdirSync(dir)
    for (const name of [`-i x.mp3`, `it's "quoted" ünïcødé 通話.mp3`, '-y.mp3', 'x;rm -rf ~.mp3']) {
      const file = join(dir, name)
      copyFileSync(media.mp3, file)
      expect((await native.probe(file)).container).toBe('mp3')
      expect((await decodeAll(file)).length).toBeGreaterThan(5 * PCM_SAMPLE_RATE)
    }
  })
})

describe('NativeFfmpeg on bad input', () => {
  const cases: [string, () => string, string][] = [
    ['a missing file', () => join(tempDir(), 'nope.mp4'), 'not-found'],
    ['a path through a file used as a folder', () => join(media.mp3, 'inner.mp3'), 'not-found'],
    ['a folder', () => tempDir(), 'is-directory'],
    ['an empty file', () => media.empty, 'empty-file'],
    ['a text file named .mp4', () => media.textAsMp4, 'not-media'],
    ['an mp4 cut short before its index', () => media.truncatedMp4, 'corrupt-media'],
    ['a video without audio', () => media.videoOnly, 'no-audio-stream'],
    ['an unknown audio codec', () => media.unknownCodecWav, 'unsupported-codec'],
  ]

  it.each(cases)('probe rejects %s with a clear code', async (_label, file, code) => {
    const error = await failure(native.probe(file()))
    expect(error.code).toBe(code)
    expect(error.message).toMatch(/^[^\n]+\.$/)
  })

  it.each(cases)('decodeToPcm rejects %s with the same code', async (_label, file, code) => {
    const error = await failure(decodeAll(file()))
    expect(error.code).toBe(code)
    expect(error.message).not.toContain('\n')
  })

  it('says permission-denied for a file the user may not read', async () => {
    const dir = tempDir()
    chmodSync(dir, 0o755)
    const file = join(dir, 'secret.mp3')
    copyFileSync(media.mp3, file)
    chmodSync(file, 0o000)
    if (process.getuid?.() !== 0) {
      expect((await failure(native.probe(file))).code).toBe('permission-denied')
      return
    }
    // Root reads through mode 000 (CAP_DAC_OVERRIDE), so ask the question as user "nobody".
    const moduleUrl = pathToFileURL(join(repoRoot, 'src/core/media/NativeFfmpeg.ts')).href
    const script = `
      const { NativeFfmpeg } = await import(${JSON.stringify(moduleUrl)})
      const native = new NativeFfmpeg(${JSON.stringify(binaries)})
      const codes = []
      for (const run of [() => native.probe(process.argv[1]), async () => {
        for await (const _ of native.decodeToPcm(process.argv[1])) {}
      }]) await run().then(() => codes.push('ok'), (e) => codes.push(e.code))
      process.stdout.write(codes.join(','))`
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script, file],
        { cwd: repoRoot, uid: 65534, gid: 65534, stdio: ['ignore', 'pipe', 'inherit'] },
      )
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text))
      child.once('error', reject)
      child.once('close', () => {
        resolve(out)
      })
    })
    expect(output).toBe('permission-denied,permission-denied')
  })

  it('says ffmpeg-not-found when the binary has vanished', async () => {
    const gone = new NativeFfmpeg({
      ffmpeg: '/nonexistent/ffmpeg',
      ffprobe: '/nonexistent/ffprobe',
      source: 'setting',
    })
    expect((await failure(gone.probe(media.mp3))).code).toBe('ffmpeg-not-found')
    expect((await failure(collectPcm(gone.decodeToPcm(media.mp3)))).code).toBe('ffmpeg-not-found')
  })

  it('survives a file that names a network protocol: only local files are read', async () => {
    const dir = tempDir()
    const file = join(dir, 'http:')
    writeFileSync(file, 'not media')
    expect((await failure(native.probe(join(dir, 'http://127.0.0.1:9/x.mp3')))).code).toBe(
      'not-found',
    )
    expect((await failure(native.probe(file))).code).toBe('not-media')
  })
})

describe('NativeFfmpeg cancellation', () => {
  it('rejects with cancelled and leaves no ffmpeg behind when aborted mid-decode', async () => {
    const controller = new AbortController()
    const chunks = native.decodeToPcm(media.wavS24Stereo48k, { signal: controller.signal })
    const iterator = chunks[Symbol.asyncIterator]()
    await iterator.next()
    expect(childProcessNames()).toContain('ffmpeg')
    controller.abort()
    const error = await failure(
      (async () => {
        for (;;) if ((await iterator.next()).done) return
      })(),
    )
    expect(error.code).toBe('cancelled')
    expect(childProcessNames()).not.toContain('ffmpeg')
  })

  it('kills ffmpeg when the consumer stops iterating early', async () => {
    let seen = 0
    for await (const chunk of native.decodeToPcm(realSpeech.jfkWav)) {
      expect(chunk.length).toBeGreaterThan(0)
      expect(childProcessNames()).toContain('ffmpeg')
      if (++seen === 1) break
    }
    expect(childProcessNames()).not.toContain('ffmpeg')
  })

  it('rejects at once when the signal is already aborted, starting nothing', async () => {
    const signal = AbortSignal.abort()
    expect((await failure(native.probe(media.mp3, signal))).code).toBe('cancelled')
    expect((await failure(collectPcm(native.decodeToPcm(media.mp3, { signal })))).code).toBe(
      'cancelled',
    )
    expect(childProcessNames()).toEqual([])
  })
})

import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { sharedFixturesDir, testOutputDir } from './paths'
import { runTool } from './runTool'

/**
 * Test media, generated from espeak-ng speech by the system ffmpeg, cached in test-output/media.
 * Generated once per run in vitest's globalSetup (the main process, before any fork starts), so
 * test files only read them. Bump FIXTURES_VERSION when a recipe changes to regenerate.
 */
const FIXTURES_VERSION = 3

export const mediaDir = join(testOutputDir, 'media')

/** Every generated clip is this long: speech padded with silence, so durations are known exactly. */
export const CLIP_SECONDS = 6

const m = (name: string): string => join(mediaDir, name)

export const media = {
  /** H.264 160x120 + AAC mono 44.1 kHz. */
  mp4: m('speech.mp4'),
  /** H.264 + AAC stereo 48 kHz in QuickTime. */
  mov: m('speech.mov'),
  /** H.264 + FLAC mono 22.05 kHz in Matroska. */
  mkv: m('speech.mkv'),
  /** VP9 + Opus (48 kHz) in WebM. */
  webm: m('speech.webm'),
  /** AAC mono 16 kHz, audio only. */
  m4a: m('speech.m4a'),
  /** MP3 mono 24 kHz. */
  mp3: m('speech.mp3'),
  /** 8-bit unsigned PCM, 8 kHz mono. */
  wavU8Mono8k: m('speech-u8-8k-mono.wav'),
  /** 16-bit PCM, 16 kHz mono. */
  wavS16Mono16k: m('speech-s16-16k-mono.wav'),
  /** 16-bit PCM, 44.1 kHz stereo (same speech on both channels). */
  wavS16Stereo44k: m('speech-s16-44k-stereo.wav'),
  /** 24-bit PCM, 48 kHz stereo (same speech on both channels). */
  wavS24Stereo48k: m('speech-s24-48k-stereo.wav'),
  /** A call-recorder layout: left speaks in [0, 2.8) s, right in [3.2, 6) s, silence otherwise. */
  stereoSplit: m('stereo-split.wav'),
  /** H.264 only, no audio track. */
  videoOnly: m('video-only.mp4'),
  /** The first 60 % of an mp4 whose index (moov) sits at the end: a download cut short. */
  truncatedMp4: m('truncated.mp4'),
  /** Plain text with a .mp4 name. */
  textAsMp4: m('text.mp4'),
  /** Zero bytes. */
  empty: m('empty.wav'),
  /** A valid WAV whose format tag (0x1234) no ffmpeg decoder knows. */
  unknownCodecWav: m('unknown-codec.wav'),
} as const

export const realSpeech = {
  /** JFK inaugural excerpt, 11 s, 16 kHz mono 16-bit. */
  jfkWav: join(sharedFixturesDir, 'jfk.wav'),
  jfkMp3: join(sharedFixturesDir, 'jfk.mp3'),
}

/** Where the split-channel fixture has speech, in seconds: [start, end) per channel. */
export const stereoSplitSpeech = { left: [0, 2.8], right: [3.2, 6] } as const

const SENTENCE_A = 'Thanks for calling support. How can I help you today?'
const SENTENCE_B = 'I would like to cancel my order, please.'

export async function generateMediaFixtures(): Promise<void> {
  const stamp = m('.version')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === String(FIXTURES_VERSION)) return
  mkdirSync(mediaDir, { recursive: true })
  // Old recipes' output must go (produce() keeps existing files); the bench's long file is costly
  // to make and its recipe stands apart, so it stays.
  for (const name of readdirSync(mediaDir)) {
    if (!name.startsWith('long-')) rmSync(join(mediaDir, name), { force: true })
  }

  const speechA = m('source-a.wav')
  const speechB = m('source-b.wav')
  await Promise.all([
    produce(speechA, (out) =>
      runTool('espeak-ng', ['-v', 'en-us', '-s', '170', '-w', out, SENTENCE_A]),
    ),
    produce(speechB, (out) =>
      runTool('espeak-ng', ['-v', 'en-gb', '-p', '70', '-s', '190', '-w', out, SENTENCE_B]),
    ),
  ])

  const clip = ['-af', `apad=whole_dur=${CLIP_SECONDS}`, '-t', String(CLIP_SECONDS)]
  const video = [
    '-f', 'lavfi', '-i', `testsrc2=size=160x120:rate=10:duration=${CLIP_SECONDS}`,
  ] // prettier-ignore
  const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p']
  const speechPlusVideo = ['-i', speechA, ...video, '-map', '0:a', '-map', '1:v', ...h264]
  // ffmpeg's own tags and metadata are dropped so the files are the same on every run.
  const plain = ['-map_metadata', '-1', '-bitexact']

  const recipes: [string, string[]][] = [
    [media.mp4, [...speechPlusVideo, '-c:a', 'aac', '-ar', '44100', ...clip, ...plain]],
    [media.mov, [...speechPlusVideo, '-c:a', 'aac', '-ac', '2', '-ar', '48000', ...clip]],
    [media.mkv, [...speechPlusVideo, '-c:a', 'flac', '-ar', '22050', ...clip]],
    [
      media.webm,
      [
        '-i', speechA, ...video, '-map', '0:a', '-map', '1:v',
        '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '100k',
        '-c:a', 'libopus', ...clip,
      ], // prettier-ignore
    ],
    [media.m4a, ['-i', speechA, '-c:a', 'aac', '-ar', '16000', ...clip, ...plain]],
    [media.mp3, ['-i', speechA, '-c:a', 'libmp3lame', '-ar', '24000', ...clip, ...plain]],
    [media.wavU8Mono8k, ['-i', speechA, '-c:a', 'pcm_u8', '-ar', '8000', ...clip, ...plain]],
    [media.wavS16Mono16k, ['-i', speechA, '-c:a', 'pcm_s16le', '-ar', '16000', ...clip, ...plain]],
    [
      media.wavS16Stereo44k,
      ['-i', speechA, '-c:a', 'pcm_s16le', '-ac', '2', '-ar', '44100', ...clip, ...plain],
    ],
    [
      media.wavS24Stereo48k,
      ['-i', speechA, '-c:a', 'pcm_s24le', '-ac', '2', '-ar', '48000', ...clip, ...plain],
    ],
    [
      media.stereoSplit,
      [
        '-i', speechA, '-i', speechB, '-filter_complex',
        // Each voice cut to its window, the right one delayed into place, then one per channel.
        `[0:a]aresample=16000,atrim=0:2.8,apad=whole_dur=${CLIP_SECONDS}[l];` +
          `[1:a]aresample=16000,atrim=0:2.8,adelay=3200,apad=whole_dur=${CLIP_SECONDS}[r];` +
          '[l][r]join=inputs=2:channel_layout=stereo[out]',
        '-map', '[out]', '-c:a', 'pcm_s16le', '-t', String(CLIP_SECONDS), ...plain,
      ], // prettier-ignore
    ],
    [media.videoOnly, [...video, ...h264]],
  ]
  await Promise.all(
    recipes.map(([out, args]) =>
      produce(out, (tmp) => ffmpeg([...args, '-f', formatOf(out), tmp])),
    ),
  )

  const fullMp4 = m('moov-at-end.mp4')
  await produce(fullMp4, (tmp) =>
    ffmpeg([...speechPlusVideo, '-c:a', 'aac', ...clip, '-f', 'mp4', tmp]),
  )
  const whole = readFileSync(fullMp4)
  writeAtomically(media.truncatedMp4, whole.subarray(0, Math.floor(whole.length * 0.6)))
  writeAtomically(media.textAsMp4, 'This is a text file with a misleading name.\n'.repeat(20))
  writeAtomically(media.empty, '')
  writeAtomically(media.unknownCodecWav, withFormatTag(readFileSync(media.wavS16Mono16k), 0x1234))

  writeAtomically(stamp, String(FIXTURES_VERSION))
}

/**
 * A long recording for the decode benchmark: speech on a loop with a 160x120, 1 fps H.264 picture,
 * like a screen-recorded call. Cached by name.
 */
export async function ensureLongMp4(minutes: number): Promise<string> {
  await generateMediaFixtures()
  const out = m(`long-${minutes}min.mp4`)
  const seconds = String(minutes * 60)
  await produce(
    out,
    (tmp) =>
    ffmpeg([
      '-stream_loop', '-1', '-i', media.wavS16Mono16k,
      '-f', 'lavfi', '-i', `testsrc2=size=160x120:rate=1:duration=${seconds}`,
      '-map', '0:a', '-map', '1:v', '-c:v', 'libx264', '-preset', 'ultrafast',
      '-c:a', 'aac', '-ar', '44100', '-t', seconds, '-f', 'mp4', tmp,
    ]), // prettier-ignore
  )
  return out
}

/** Makes `out` unless it exists, writing to a temporary name first so no reader sees half a file. */
async function produce(out: string, make: (tmp: string) => Promise<void>): Promise<void> {
  if (existsSync(out)) return
  const tmp = `${out}.${process.pid}.tmp`
  await make(tmp)
  renameSync(tmp, out)
}

function writeAtomically(out: string, data: string | Uint8Array): void {
  const tmp = `${out}.${process.pid}.tmp`
  writeFileSync(tmp, data)
  renameSync(tmp, out)
}

function formatOf(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1)
  return ({ mkv: 'matroska', m4a: 'ipod' } as Record<string, string>)[ext] ?? ext
}

/** Rewrites the wFormatTag of a RIFF/WAVE file's fmt chunk. */
function withFormatTag(wav: Buffer, tag: number): Buffer {
  const copy = Buffer.from(wav)
  const fmt = copy.indexOf('fmt ', 12, 'latin1')
  if (fmt < 0) throw new Error('no fmt chunk')
  copy.writeUInt16LE(tag, fmt + 8)
  return copy
}

function ffmpeg(args: string[]): Promise<void> {
  return runTool('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args])
}

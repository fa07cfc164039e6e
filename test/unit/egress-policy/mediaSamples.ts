import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { testOutputDir } from '../../support/paths'

/** Real half-second recordings in every container the policy must recognise, made by ffmpeg. */
export const MEDIA_FORMATS = {
  'mp4 (AAC)': ['-c:a', 'aac', '-f', 'mp4'],
  'mov (AAC)': ['-c:a', 'aac', '-f', 'mov'],
  wav: ['-c:a', 'pcm_s16le', '-f', 'wav'],
  'mp3 with ID3': ['-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3'],
  'mp3 without tags': [
    ...['-c:a', 'libmp3lame', '-b:a', '32k', '-id3v2_version', '0', '-write_xing', '0'],
    ...['-f', 'mp3'],
  ],
  flac: ['-c:a', 'flac', '-f', 'flac'],
  'ogg (Opus)': ['-c:a', 'libopus', '-f', 'ogg'],
  'webm (Opus)': ['-c:a', 'libopus', '-f', 'webm'],
  'ADTS AAC': ['-c:a', 'aac', '-f', 'adts'],
  avi: ['-c:a', 'pcm_s16le', '-f', 'avi'],
  aiff: ['-c:a', 'pcm_s16be', '-f', 'aiff'],
} as const satisfies Record<string, readonly string[]>

export type MediaFormat = keyof typeof MEDIA_FORMATS

const cacheDir = join(testOutputDir, 'egress-policy-media')

/** The sample's bytes; generated once and kept in test-output/ between runs. */
export function mediaSample(format: MediaFormat): Buffer {
  const file = join(cacheDir, format.replace(/[^a-z0-9]+/gi, '-'))
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true })
    const result = spawnSync(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
        ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.5'],
        ...['-ar', '16000', '-ac', '1', '-fflags', '+bitexact'],
        ...MEDIA_FORMATS[format],
        file,
      ],
      { encoding: 'utf8' },
    )
    if (result.status !== 0) throw new Error(`ffmpeg failed for ${format}: ${result.stderr}`)
  }
  return readFileSync(file)
}

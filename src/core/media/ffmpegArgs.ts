import { PCM_SAMPLE_RATE, type PcmLayout } from './types'

/** Options every run gets: no prompts, no banner, errors only, and no network protocols (STYLE.md). */
export const SAFE_INPUT_ARGS = [
  '-nostdin',
  '-hide_banner',
  '-loglevel',
  'error',
  '-protocol_whitelist',
  'file,pipe',
] as const

export function probeArgs(input: string): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-protocol_whitelist',
    'file,pipe',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    input,
  ]
}

/**
 * First audio stream → 16 kHz float32 little-endian. `-map 0:a:0` picks the same stream the probe
 * lists first (ffmpeg's default would pick the one with most channels). For 'stereo', `-ac 2` keeps
 * a stereo source's channels apart, duplicates a mono source into both (so per-channel energy is
 * equal: nothing to attribute) and downmixes surround to left/right. For `{ channel: n }` the pan
 * filter keeps input channel n alone (https://ffmpeg.org/ffmpeg-filters.html#pan), so one party
 * of a two-channel call is decoded without the other mixed in.
 */
export function decodeArgs(input: string, layout: PcmLayout, output: string): string[] {
  const channel = typeof layout === 'object' ? Math.max(0, Math.floor(layout.channel)) : null
  return [
    ...SAFE_INPUT_ARGS,
    '-i',
    input,
    '-map',
    '0:a:0',
    '-vn',
    '-sn',
    '-dn',
    ...(channel === null ? [] : ['-af', `pan=mono|c0=c${channel}`]),
    '-ac',
    layout === 'stereo' ? '2' : '1',
    '-ar',
    String(PCM_SAMPLE_RATE),
    // Without this, a non-seekable output (our pipe) is flushed after every packet: ~2 KB writes,
    // which measured twice as slow as writing to a file (3.4 s vs 1.7 s for 30 min of audio).
    '-flush_packets',
    '0',
    '-f',
    'f32le',
    output,
  ]
}

/**
 * How a local path is passed to ffmpeg: `file:` makes it a file whatever it looks like — a name
 * starting with '-' is not an option, one containing ':' is not a protocol.
 */
export function ffmpegInput(absolutePath: string): string {
  return `file:${absolutePath}`
}

import { basename } from 'node:path'
import { MediaError } from './MediaError'
import type { AudioStreamInfo, ProbeResult } from './types'

interface FfprobeStream {
  index?: number
  codec_type?: string
  codec_name?: string
  channels?: number
  sample_rate?: string
  duration?: string
  disposition?: { attached_pic?: number }
}

interface FfprobeOutput {
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> }
  streams?: FfprobeStream[]
}

/** ffprobe's `-print_format json -show_format -show_streams` output → ProbeResult (both backends). */
export function parseProbeJson(json: string, file: string): ProbeResult {
  const name = JSON.stringify(basename(file))
  let parsed: FfprobeOutput
  try {
    parsed = JSON.parse(json) as FfprobeOutput
  } catch (error) {
    throw new MediaError('ffmpeg-failed', `ffprobe gave unreadable output for ${name}.`, {
      path: file,
      cause: error,
    })
  }
  const streams = parsed.streams ?? []
  const audio = streams.filter((s) => s.codec_type === 'audio')
  if (audio.length === 0) {
    throw new MediaError('no-audio-stream', `${name} has no audio track.`, { path: file })
  }
  // ffprobe names every codec it has a descriptor for; "none"/absent means ffmpeg cannot even name it.
  const known = audio.filter(
    (s) => s.codec_name !== undefined && s.codec_name !== 'none' && s.codec_name !== 'unknown',
  )
  if (known.length === 0) {
    throw new MediaError(
      'unsupported-codec',
      `${name} uses an audio codec this ffmpeg cannot decode.`,
      { path: file },
    )
  }
  const audioStreams: AudioStreamInfo[] = audio.map((s) => ({
    index: s.index ?? 0,
    codec: s.codec_name ?? 'none',
    channels: s.channels ?? 0,
    sampleRate: Number(s.sample_rate ?? 0),
  }))
  return {
    container: parsed.format?.format_name ?? 'unknown',
    durationMs: durationMs(parsed),
    audioStreams,
    // Cover art in mp3/m4a is a one-frame "video" stream; it is not a video.
    hasVideo: streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1),
    creationTime: creationTime(parsed),
  }
}

/** A container's creation_time (tag names vary in case between muxers), if it is a real date. */
function creationTime(parsed: FfprobeOutput): string | null {
  const tags = parsed.format?.tags ?? {}
  const raw = Object.entries(tags).find(([key]) => key.toLowerCase() === 'creation_time')?.[1]
  if (raw === undefined) return null
  const instant = new Date(raw)
  // Muxers that know no date write their epoch (1904 for QuickTime, 1970 elsewhere): not a call.
  if (Number.isNaN(instant.getTime()) || instant.getUTCFullYear() < 1990) return null
  return instant.toISOString()
}

function durationMs(parsed: FfprobeOutput): number {
  const seconds = [parsed.format?.duration, ...(parsed.streams ?? []).map((s) => s.duration)]
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0)
  const best = seconds[0] ?? 0
  return Math.round(best * 1000)
}

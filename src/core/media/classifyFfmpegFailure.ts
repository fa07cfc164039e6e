import { basename } from 'node:path'
import { MediaError } from './MediaError'

export interface FfmpegFailure {
  /** The input file as the user named it (never ffmpeg's rewritten `file:` or in-memory path). */
  file: string
  stderr: string
  /** First bytes of the file, to tell "not media" from "damaged media" (see looksLikeMedia). */
  looksLikeMedia: boolean
}

/** Turns ffmpeg's/ffprobe's stderr into one sentence and a stable code. */
export function classifyFfmpegFailure({ file, stderr, looksLikeMedia }: FfmpegFailure): MediaError {
  const name = JSON.stringify(basename(file))
  const detail = lastLine(stderr)
  const options = { path: file, ...(detail !== undefined && { detail }) }
  const has = (pattern: RegExp): boolean => pattern.test(stderr)

  if (
    has(
      /Decoder \(codec [^)]*\) not found|Unsupported codec|unknown codec|not currently supported/i,
    )
  ) {
    return new MediaError(
      'unsupported-codec',
      `${name} uses an audio codec this ffmpeg cannot decode.`,
      options,
    )
  }
  if (has(/matches no streams|does not contain any stream|no audio stream/i)) {
    return new MediaError('no-audio-stream', `${name} has no audio track.`, options)
  }
  if (has(/Permission denied/i)) {
    return new MediaError('permission-denied', `Permission denied reading ${name}.`, options)
  }
  if (has(/No such file or directory/i)) {
    return new MediaError('not-found', `${name} does not exist.`, options)
  }
  if (has(/Is a directory/i)) {
    return new MediaError('is-directory', `${name} is a folder, not a recording.`, options)
  }
  if (has(/Invalid data found|moov atom not found|could not find codec parameters|End of file/i)) {
    return looksLikeMedia
      ? new MediaError(
          'corrupt-media',
          `${name} looks like a recording but is damaged or incomplete (was it fully copied?).`,
          options,
        )
      : new MediaError('not-media', `${name} is not an audio or video file.`, options)
  }
  return new MediaError(
    'ffmpeg-failed',
    `ffmpeg could not read ${name}${detail === undefined ? '.' : `: ${detail}`}`,
    options,
  )
}

/** ffmpeg's last complaint, minus the "[demuxer @ 0x…]" prefix that means nothing to a user. */
function lastLine(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '').trim())
    .filter((line) => line !== '' && line !== 'Aborted()')
  return lines.at(-1)
}

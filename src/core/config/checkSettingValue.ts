import { closeSync, openSync, readSync } from 'node:fs'
import type { SettingKey } from '../../shared/settings'
import { whisperLanguages } from '../../shared/whisperLanguages'
import { CoreError } from '../CoreError'
import { isLoopbackHostname } from '../egress/isLoopbackHostname'
import { configuredBinaries } from '../media/resolveFfmpeg'
import { isGgmlHead } from '../transcribe/checkModelFile'

const refuse = (message: string): never => {
  throw new CoreError('invalid-setting', message)
}

/** The first bytes of a file, or null when it cannot be read (missing, a folder, no permission). */
function readHead(path: string): Buffer | null {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return null
  }
  try {
    const head = Buffer.alloc(4)
    return head.subarray(0, readSync(fd, head, 0, 4, 0))
  } catch {
    return null
  } finally {
    closeSync(fd)
  }
}

/**
 * What the schema cannot see, checked when a value is saved instead of failing later at an import
 * or an upload: the backend must be https unless it is on this computer (the gate refuses plain
 * http elsewhere), the model must be a whisper model file, the language one whisper knows, and
 * ffmpeg a program Earshot is willing to run. Throws one sentence; a valid value returns.
 */
export function checkSettingValue(key: SettingKey, value: unknown): void {
  // Only these four name something outside the schema's reach, and each is a string when set.
  if (typeof value !== 'string') return
  switch (key) {
    case 'backend.url': {
      const url = new URL(value)
      if (url.protocol !== 'https:' && !isLoopbackHostname(url.hostname)) {
        refuse(
          'backend.url must start with https:// unless the backend runs on this computer (127.0.0.1).',
        )
      }
      return
    }
    case 'model.path': {
      const head = readHead(value)
      if (head === null) refuse(`No whisper model file can be read at ${value}.`)
      else if (!isGgmlHead(head)) refuse(`${value} is not a whisper (ggml) model file.`)
      return
    }
    case 'transcribe.language':
      if (value !== 'auto' && !whisperLanguages.has(value)) {
        refuse(
          `Whisper does not know the language “${value}”; use “auto” or a code such as “en” or “de”.`,
        )
      }
      return
    case 'media.ffmpegPath':
      configuredBinaries(value, 'the media.ffmpegPath setting')
      return
    default:
      return
  }
}

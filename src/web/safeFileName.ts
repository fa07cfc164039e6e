import { basename } from 'node:path'

const MAX_NAME_LENGTH = 200

/**
 * A browser-supplied name made safe to write: no folders, no control characters, no dot-files,
 * bounded length (the extension kept, since it names the format and becomes the title's end).
 */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f/:*?"<>|]/g, '_')
  const trimmed = cleaned.replace(/^[.\s]+/, '').trim()
  if (trimmed === '') return 'recording'
  if (trimmed.length <= MAX_NAME_LENGTH) return trimmed
  const dot = trimmed.lastIndexOf('.')
  const ext = dot > 0 && trimmed.length - dot <= 10 ? trimmed.slice(dot) : ''
  return trimmed.slice(0, MAX_NAME_LENGTH - ext.length) + ext
}

import { stat } from 'node:fs/promises'
import { mediaContentType } from './mediaContentType'
import { parseRange } from './parseRange'

/** How to answer a request for a recording's media, whatever carries it (HTTP or Electron's protocol). */
export type MediaPlan =
  | { kind: 'missing' }
  | { kind: 'unsatisfiable'; headers: Record<string, string> }
  | {
      kind: 'bytes'
      status: 200 | 206
      headers: Record<string, string>
      /** The inclusive byte range to stream; null for a HEAD request or an empty file. */
      body: { start: number; end: number } | null
    }

/**
 * The one reading of a media request (web mode's /api/media and the desktop app's media scheme):
 * the file the store named, its type, and a byte range of RFC 9110 §14 so the player can seek.
 * `path` comes from the store by recording id, never from the request.
 */
export async function planMediaResponse(
  path: string | undefined,
  rangeHeader: string | undefined,
  method: string,
): Promise<MediaPlan> {
  const info = path === undefined ? null : await stat(path).catch(() => null)
  if (path === undefined || !info?.isFile()) return { kind: 'missing' }
  const headers = { 'content-type': mediaContentType(path), 'accept-ranges': 'bytes' }
  const range = parseRange(rangeHeader, info.size)
  if (range.kind === 'unsatisfiable') {
    return {
      kind: 'unsatisfiable',
      headers: { ...headers, 'content-range': `bytes */${info.size}` },
    }
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, info.size - 1]
  const length = Math.max(0, end - start + 1)
  return {
    kind: 'bytes',
    status: range.kind === 'partial' ? 206 : 200,
    headers: {
      ...headers,
      'content-length': String(length),
      ...(range.kind === 'partial' && { 'content-range': `bytes ${start}-${end}/${info.size}` }),
    },
    body: method === 'HEAD' || length === 0 ? null : { start, end },
  }
}

import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { mediaContentType } from '../core/media/mediaContentType'
import { parseRange } from '../core/media/parseRange'
import { securityHeaders } from './securityHeaders'
import { sendError } from './sendJson'

/**
 * A recording's media with Range support (RFC 9110 §14), so the player can seek. The path comes
 * from the store by id, never from the request: only imported recordings can be read this way.
 */
export async function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  path: string | undefined,
): Promise<void> {
  const info = path === undefined ? null : await stat(path).catch(() => null)
  if (path === undefined || !info?.isFile()) {
    sendError(res, 404, 'not-found', 'That recording has no media file any more.')
    return
  }
  const headers = {
    ...securityHeaders,
    'content-type': mediaContentType(path),
    'accept-ranges': 'bytes',
  }
  const range = parseRange(req.headers.range, info.size)
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${info.size}` })
    res.end()
    return
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, info.size - 1]
  res.writeHead(range.kind === 'partial' ? 206 : 200, {
    ...headers,
    'content-length': end - start + 1,
    ...(range.kind === 'partial' && { 'content-range': `bytes ${start}-${end}/${info.size}` }),
  })
  if (req.method === 'HEAD' || info.size === 0) {
    res.end()
    return
  }
  // The player drops connections when it seeks; that aborts the pipeline, which is fine.
  await pipeline(createReadStream(path, { start, end }), res).catch(() => undefined)
}

import { createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { planMediaResponse } from '../core/http/planMediaResponse'
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
  const plan = await planMediaResponse(path, req.headers.range, req.method ?? 'GET')
  if (plan.kind === 'missing' || path === undefined) {
    sendError(res, 404, 'not-found', 'That recording has no media file any more.')
    return
  }
  if (plan.kind === 'unsatisfiable') {
    res.writeHead(416, { ...securityHeaders, ...plan.headers })
    res.end()
    return
  }
  res.writeHead(plan.status, { ...securityHeaders, ...plan.headers })
  if (plan.body === null) {
    res.end()
    return
  }
  // The player drops connections when it seeks; that aborts the pipeline, which is fine.
  await pipeline(createReadStream(path, plan.body), res).catch(() => undefined)
}

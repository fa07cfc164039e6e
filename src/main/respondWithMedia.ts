import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { planMediaResponse } from '../core/http/planMediaResponse'
import { APP_ORIGIN, MEDIA_SCHEME } from './security'

export interface MediaSource {
  /** The imported recording's file, looked up by its opaque id; undefined when there is none. */
  sourcePathOf: (recordingId: string) => string | undefined
}

/** Recording ids are UUIDs; anything needing percent-decoding or a slash names no recording. */
const recordingId = /^[0-9A-Za-z-]{1,100}$/

const baseHeaders = {
  'x-content-type-options': 'nosniff',
  // The file may change or go; the player asks again rather than trusting a cache.
  'cache-control': 'no-store',
}

/**
 * `earshot-media://recording/<id>`: a recording's media for the player, with byte ranges
 * (RFC 9110 §14) so it can seek. The URL carries an id, never a path: the file is whatever the
 * store says the imported recording's source is, so nothing else on disk can be read this way.
 * A plain function over Web Request/Response, so it is tested against real files without Electron.
 */
export async function respondWithMedia(request: Request, source: MediaSource): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return plain(405, 'GET or HEAD only.', { allow: 'GET, HEAD' })
  }
  if (!fromAppOrigin(request.headers)) return plain(403, 'Only the Earshot window may play media.')

  const id = idFromUrl(request.url)
  const path = id === null ? undefined : source.sourcePathOf(id)
  const plan = await planMediaResponse(
    path,
    request.headers.get('range') ?? undefined,
    request.method,
  )
  if (plan.kind === 'missing' || path === undefined) {
    return plain(404, 'That recording has no media file any more.')
  }
  if (plan.kind === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...baseHeaders, ...plan.headers } })
  }
  const body =
    plan.body === null
      ? null
      : (Readable.toWeb(createReadStream(path, plan.body)) as ReadableStream<Uint8Array>)
  return new Response(body, { status: plan.status, headers: { ...baseHeaders, ...plan.headers } })
}

function idFromUrl(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${MEDIA_SCHEME}:` || parsed.host !== 'recording') return null
  const id = parsed.pathname.slice(1)
  return recordingId.test(id) ? id : null
}

/**
 * Media elements send no Origin (their requests are no-cors) but may send a Referer; when either
 * is present it must be the app's own page. Nothing else can reach the scheme anyway (the session
 * cancels foreign requests and the app loads no foreign page); this is the second lock.
 */
function fromAppOrigin(headers: Headers): boolean {
  const origin = headers.get('origin')
  if (origin !== null && origin !== APP_ORIGIN) return false
  const referer = headers.get('referer')
  return referer === null || referer === '' || referer.startsWith(`${APP_ORIGIN}/`)
}

function plain(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, {
    status,
    headers: { ...baseHeaders, 'content-type': 'text/plain; charset=utf-8', ...extra },
  })
}

import { readFile } from 'node:fs/promises'
import { resolveRendererFile } from '../core/http/resolveRendererFile'
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security'

/**
 * `app://earshot/<file>`: the built renderer (checklist 18: a custom scheme, not file://), each
 * response carrying the CSP header. Only files under `rendererRoot` are served: a path that
 * decodes to anything outside it (`..%2f`, an absolute path) is a 404.
 */
export async function respondWithRendererFile(
  request: Request,
  rendererRoot: string,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return notFound()
  const url = new URL(request.url)
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound()
  const target = resolveRendererFile(rendererRoot, url.pathname)
  if (target === null) return notFound()
  const body = await readFile(target.file).catch(() => null)
  if (body === null) return notFound()
  return new Response(request.method === 'HEAD' ? null : body, {
    headers: {
      'content-type': target.contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  })
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } })
}

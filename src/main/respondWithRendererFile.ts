import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security'

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

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
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return notFound()
  }
  const root = normalize(rendererRoot)
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || file.includes('\0')) {
    return notFound()
  }
  const body = await readFile(file).catch(() => null)
  if (body === null) return notFound()
  return new Response(request.method === 'HEAD' ? null : body, {
    headers: {
      'content-type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  })
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } })
}

import { extname, join, normalize, sep } from 'node:path'

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
 * The file of the built renderer that a URL path names, for the desktop app's scheme and the web
 * bridge alike; `/` is index.html. Null for a path that does not decode, holds a NUL, or
 * decodes to anything outside `rendererRoot` (`..%2f`, an absolute path): normalised, then
 * prefix-checked, so no caller serves a file it was not built to.
 */
export function resolveRendererFile(
  rendererRoot: string,
  urlPath: string,
): { file: string; contentType: string } | null {
  let pathname: string
  try {
    pathname = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  const root = normalize(rendererRoot)
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep) || file.includes('\0')) return null
  return {
    file,
    contentType: contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
  }
}

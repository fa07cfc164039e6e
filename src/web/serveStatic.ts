import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { securityHeaders } from './securityHeaders'

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** A file of the built renderer; nothing outside `rootDir` (normalised, then prefix-checked). */
export async function serveStatic(
  res: ServerResponse,
  rootDir: string,
  pathname: string,
): Promise<void> {
  let relative: string
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
  } catch {
    relative = ''
  }
  const file = normalize(join(rootDir, relative))
  const info = relative.includes('\0') ? null : await stat(file).catch(() => null)
  if (!file.startsWith(rootDir + sep) || !info?.isFile()) {
    res.writeHead(404, { ...securityHeaders, 'content-type': 'text/plain' })
    res.end('Not found')
    return
  }
  res.writeHead(200, {
    ...securityHeaders,
    'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
  })
  createReadStream(file).pipe(res)
}

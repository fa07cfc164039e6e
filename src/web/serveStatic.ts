import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { resolveRendererFile } from '../main/resolveRendererFile'
import { securityHeaders } from './securityHeaders'

/** A file of the built renderer; nothing outside `rootDir` (see resolveRendererFile). */
export async function serveStatic(
  res: ServerResponse,
  rootDir: string,
  pathname: string,
): Promise<void> {
  const target = resolveRendererFile(rootDir, pathname)
  const info = target === null ? null : await stat(target.file).catch(() => null)
  if (target === null || !info?.isFile()) {
    res.writeHead(404, { ...securityHeaders, 'content-type': 'text/plain' })
    res.end('Not found')
    return
  }
  res.writeHead(200, {
    ...securityHeaders,
    'content-type': target.contentType,
    'content-length': info.size,
  })
  createReadStream(target.file).pipe(res)
}

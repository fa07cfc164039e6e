import { open, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { resolveRendererFile } from '../core/http/resolveRendererFile'
import { securityHeaders } from './securityHeaders'

/**
 * A file of the built renderer; nothing outside `rootDir` (see resolveRendererFile). A file that
 * cannot be opened is a 500; one that fails mid-read ends its response early. Neither throws,
 * since an unhandled stream error would take the whole web server down.
 */
export async function serveStatic(
  res: ServerResponse,
  rootDir: string,
  pathname: string,
): Promise<void> {
  const target = resolveRendererFile(rootDir, pathname)
  // stat before open: opening a FIFO would wait for a writer.
  const info = target === null ? null : await stat(target.file).catch(() => null)
  if (target === null || !info?.isFile()) {
    res.writeHead(404, { ...securityHeaders, 'content-type': 'text/plain' })
    res.end('Not found')
    return
  }
  const file = await open(target.file).catch(() => null)
  if (file === null) {
    res.writeHead(500, { ...securityHeaders, 'content-type': 'text/plain' })
    res.end('Could not read the file')
    return
  }
  res.writeHead(200, {
    ...securityHeaders,
    'content-type': target.contentType,
    'content-length': info.size,
  })
  // The status is sent: a read error can only cut the response short (pipeline destroys it).
  await pipeline(file.createReadStream(), res).catch(() => undefined)
}

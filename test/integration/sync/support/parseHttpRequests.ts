export interface CapturedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: Buffer
}

/**
 * Splits one connection's client bytes into HTTP/1.1 requests (RFC 9112): header block, then a
 * body by Content-Length or chunked transfer coding. Throws on anything else, so a request the
 * test cannot read fails the test instead of escaping it.
 */
export function parseHttpRequests(stream: Buffer): CapturedRequest[] {
  const requests: CapturedRequest[] = []
  let at = 0
  while (at < stream.length) {
    const headerEnd = stream.indexOf('\r\n\r\n', at, 'latin1')
    if (headerEnd < 0) throw new Error(`unterminated request header at byte ${at}`)
    const [requestLine = '', ...lines] = stream.toString('latin1', at, headerEnd).split('\r\n')
    const [method = '', path = ''] = requestLine.split(' ')
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    at = headerEnd + 4
    let body: Buffer
    if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
      const parts: Buffer[] = []
      for (;;) {
        const lineEnd = stream.indexOf('\r\n', at, 'latin1')
        const size = parseInt(stream.toString('latin1', at, lineEnd), 16)
        if (!Number.isFinite(size)) throw new Error(`bad chunk size at byte ${at}`)
        at = lineEnd + 2
        if (size === 0) {
          at = stream.indexOf('\r\n', at, 'latin1') + 2
          break
        }
        parts.push(stream.subarray(at, at + size))
        at += size + 2
      }
      body = Buffer.concat(parts)
    } else if (headers['transfer-encoding'] !== undefined) {
      throw new Error(`unexpected transfer-encoding ${headers['transfer-encoding']}`)
    } else {
      const length = Number(headers['content-length'] ?? '0')
      body = stream.subarray(at, at + length)
      at += length
    }
    requests.push({ method, path, headers, body })
  }
  return requests
}

import { gunzipSync, inflateSync } from 'node:zlib'

export const WINDOW = 32

/**
 * Every way a captured byte stream could carry media without showing it raw: the bytes as they
 * are, each JSON string decoded, and each run of base64, base64url or hex decoded, and anything
 * gzip- or zlib-compressed in any of those inflated.
 */
export function decodedViews(capture: Buffer): Buffer[] {
  const views: Buffer[] = [capture]
  const text = capture.toString('latin1')
  for (const run of text.match(/[A-Za-z0-9+/]{24,}={0,2}/g) ?? []) {
    views.push(Buffer.from(run, 'base64'))
  }
  for (const run of text.match(/[A-Za-z0-9_-]{24,}/g) ?? []) {
    views.push(Buffer.from(run, 'base64url'))
  }
  for (const run of text.match(/(?:[0-9a-fA-F]{2}){16,}/g) ?? []) {
    views.push(Buffer.from(run, 'hex'))
  }
  for (const quoted of text.match(/"(?:[^"\\]|\\.)*"/g) ?? []) {
    try {
      const value = JSON.parse(Buffer.from(quoted, 'latin1').toString('utf8')) as string
      views.push(Buffer.from(value, 'utf8'), Buffer.from(value, 'latin1'))
    } catch {
      // Not a JSON string after all (a header, say): the raw view already covers it.
    }
  }
  for (const view of [...views]) {
    for (let i = view.indexOf(0x1f); i >= 0 && i < view.length - 1; i = view.indexOf(0x1f, i + 1)) {
      if (view[i + 1] !== 0x8b) continue
      try {
        views.push(gunzipSync(view.subarray(i)))
      } catch {
        // Not a gzip stream after all.
      }
    }
    for (let i = view.indexOf(0x78); i >= 0 && i < view.length - 1; i = view.indexOf(0x78, i + 1)) {
      try {
        views.push(inflateSync(view.subarray(i)))
      } catch {
        // Not a zlib stream.
      }
    }
  }
  return views
}

/**
 * The offset of the first `WINDOW`-byte window of `secret` found anywhere in `views`, or -1.
 * Indexes the (small) capture's windows once, then slides over the (large) secret. A window of
 * fewer than four distinct byte values (digital silence, padding) says nothing about the media
 * and is not counted: 32 zero bytes turn up in any decoded run of "AAAA…".
 */
export function findLeakedWindow(secret: Buffer, views: readonly Buffer[]): number {
  const seen = new Set<string>()
  for (const view of views) {
    const text = view.toString('latin1')
    for (let i = 0; i + WINDOW <= text.length; i++) seen.add(text.slice(i, i + WINDOW))
  }
  const text = secret.toString('latin1')
  for (let i = 0; i + WINDOW <= text.length; i++) {
    const window = text.slice(i, i + WINDOW)
    if (seen.has(window) && new Set(window).size >= 4) return i
  }
  return -1
}

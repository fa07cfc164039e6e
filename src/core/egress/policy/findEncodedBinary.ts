import { encodedViews, type ViewOptions } from './encodedViews'
import { findCompression } from './findCompression'
import { findMediaSignature } from './findMediaSignature'
import { startsWithZlibStream } from './startsWithZlibStream'

export interface BinaryFinding {
  code: 'media-signature' | 'compressed-content'
  /** "ISO-BMFF ftyp box", "gzip". */
  what: string
  /** "base64", "double percent-encoding", "raw text". */
  encoding: string
}

/** Media or compressed data in `bytes` as they are, e.g. a body or an array of byte values. */
export function findBinaryInBytes(bytes: Uint8Array, encoding: string): BinaryFinding | undefined {
  const media = findMediaSignature(bytes)
  if (media !== undefined) return { code: 'media-signature', what: media, encoding }
  const compression = findCompression(bytes)
  if (compression !== undefined) return { code: 'compressed-content', what: compression, encoding }
  if (startsWithZlibStream(bytes)) return { code: 'compressed-content', what: 'zlib', encoding }
  return undefined
}

/** Media or compressed data hidden in `text` under any encoding of encodedViews, or undefined. */
export function findEncodedBinary(text: string, options?: ViewOptions): BinaryFinding | undefined {
  for (const view of encodedViews(text, options)) {
    if (view.zlib) return { code: 'compressed-content', what: 'zlib', encoding: view.encoding }
    const media = findMediaSignature(view.bytes)
    if (media !== undefined)
      return { code: 'media-signature', what: media, encoding: view.encoding }
    const compression = findCompression(view.bytes)
    if (compression !== undefined) {
      return { code: 'compressed-content', what: compression, encoding: view.encoding }
    }
  }
  return undefined
}

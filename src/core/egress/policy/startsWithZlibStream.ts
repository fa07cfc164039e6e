import { constants, inflateSync } from 'node:zlib'

/** Enough to tell a real deflate stream from noise; also caps what a bomb can make us allocate. */
const TRIAL_OUTPUT_BYTES = 4096

/**
 * Whether `bytes` begin with a zlib stream (RFC 1950). The header is only 2 bytes (about 11 bits of
 * evidence), so a candidate is confirmed by inflating it, bounded: noise fails within a few bytes
 * (bad block type, bad distance), a real stream decodes, possibly cut short.
 */
export function startsWithZlibStream(bytes: Uint8Array): boolean {
  const cmf = bytes[0] ?? 0
  const flg = bytes[1] ?? 0
  const header = (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0
  if (!header || (flg & 0x20) !== 0 || bytes.length < 8) return false
  try {
    const out = inflateSync(bytes, {
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: TRIAL_OUTPUT_BYTES,
    })
    return out.length > 0
  } catch (error) {
    // Output beyond the cap: a stream that inflates that far is real (and possibly a bomb).
    return error instanceof RangeError
  }
}

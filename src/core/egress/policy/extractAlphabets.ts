import { BASE64_VALUES } from './BASE64_VALUES'

export interface Alphabets {
  /** Every base64/base64url character of the text, in order, as ASCII. */
  base64: Buffer
  /** Whether any base64url-only character ('-', '_') was seen, to name the encoding. */
  url: boolean
  /** Every hex digit, with byte prefixes ("0x", "\u00") dropped so digits pair up per byte. */
  hex: Buffer
  /**
   * Every maximal base64 run decoded on its own, the bytes concatenated: the view for data encoded
   * chunk by chunk (each piece padded, or unpadded at any length) and sent as separate strings,
   * which decoded as one stream would misalign after the first piece.
   */
  pieces: Buffer
  /** [start, end) of every base64 run of at least MIN_LONG_RUN chars, to decode on its own. */
  longRuns: [number, number][]
}

/** Shorter runs are words; longer ones may hold a zlib stream or a nested encoding. */
export const MIN_LONG_RUN = 16

const IS_HEX = new Uint8Array(256)
for (const c of '0123456789ABCDEFabcdef') IS_HEX[c.charCodeAt(0)] = 1

/**
 * One pass over a text's bytes (one per char) that gathers every encoding's alphabet. Decoding what
 * is kept at every char offset then finds data however it is interrupted (spaces, line breaks,
 * words, field boundaries). One indexed loop for all views: this is the policy's hot path.
 */
export function extractAlphabets(latin1: Uint8Array): Alphabets {
  const n = latin1.length
  const base64 = Buffer.allocUnsafe(n)
  const hex = Buffer.allocUnsafe(n)
  const pieces = Buffer.allocUnsafe(Math.ceil((n * 3) / 4) + 3)
  const longRuns: [number, number][] = []
  let b = 0
  let h = 0
  let p = 0
  let acc = 0 // bits of the current run not yet emitted
  let bits = 0
  let runStart = -1
  let hexSkip = 0 // hex digits still to drop after a "\u00" prefix
  for (let i = 0; i < n; i++) {
    const c = latin1[i] ?? 0
    const value = BASE64_VALUES[c] ?? -1
    if (value >= 0) {
      base64[b++] = c
      if (runStart < 0) runStart = i
      acc = ((acc << 6) | value) & 0xffffff
      bits += 6
      if (bits >= 8) {
        bits -= 8
        pieces[p++] = (acc >> bits) & 0xff
      }
    } else if (runStart >= 0) {
      if (i - runStart >= MIN_LONG_RUN) longRuns.push([runStart, i])
      runStart = -1
      acc = 0
      bits = 0
    }

    if (IS_HEX[c] === 1) {
      if (hexSkip > 0) hexSkip--
      else hex[h++] = c
    } else if ((c === 0x78 || c === 0x58) && latin1[i - 1] === 0x30 && h > 0) {
      h-- // "0x": take back the 0
    } else if (c === 0x5c && latin1[i + 1] === 0x75 && latin1[i + 2] === 0x30) {
      if (latin1[i + 3] === 0x30) hexSkip = 2 // "\u00": the escape's zeros are not the byte
    }
  }
  if (runStart >= 0 && n - runStart >= MIN_LONG_RUN) longRuns.push([runStart, n])
  const base64Out = base64.subarray(0, b)
  return {
    base64: base64Out,
    url: base64Out.includes(0x2d) || base64Out.includes(0x5f),
    hex: hex.subarray(0, h),
    pieces: pieces.subarray(0, p),
    longRuns,
  }
}

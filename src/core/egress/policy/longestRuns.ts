import { BASE64_VALUES } from './BASE64_VALUES'

export interface LongestRuns {
  /** Longest unbroken run of [A-Za-z0-9+/=_-]. */
  base64: number
  /** Longest unbroken run of hex digits. */
  hex: number
  /** Longest unbroken run of printable ASCII other than space. */
  token: number
}

const EQUALS = 0x3d

/**
 * The longest run of each alphabet in one linear pass. A regex like /[A-Za-z0-9+/=_-]{256,}/ is
 * quadratic on a string of runs just under the limit (every start rescans its run), which would let
 * a big body stall the gate.
 */
export function longestRuns(text: string): LongestRuns {
  let base64 = 0
  let hex = 0
  let token = 0
  let base64Run = 0
  let hexRun = 0
  let tokenRun = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const isBase64 = c < 128 && ((BASE64_VALUES[c] ?? -1) >= 0 || c === EQUALS)
    const isHex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    base64Run = isBase64 ? base64Run + 1 : 0
    hexRun = isHex ? hexRun + 1 : 0
    tokenRun = c > 0x20 && c < 0x7f ? tokenRun + 1 : 0
    if (base64Run > base64) base64 = base64Run
    if (hexRun > hex) hex = hexRun
    if (tokenRun > token) token = tokenRun
  }
  return { base64, hex, token }
}

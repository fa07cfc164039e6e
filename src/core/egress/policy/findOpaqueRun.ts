import type { PolicyLimits } from './PolicyLimits'
import { decodePercent, hasPercentEscape } from './decodePercent'
import { longestRuns } from './longestRuns'

type RunLimits = Pick<
  PolicyLimits,
  'maxBase64Run' | 'maxHexRun' | 'maxTokenChars' | 'maxPercentBinaryEscapes' | 'maxByteArray'
>

interface Patterns {
  spacedHex: RegExp
  decimalList: RegExp
}

// Keyed by the limits object: inspectBody passes one object for all strings of a body.
const compiled = new WeakMap<RunLimits, Patterns>()

function patternsFor(limits: RunLimits): Patterns {
  let patterns = compiled.get(limits)
  if (patterns === undefined) {
    patterns = {
      // "00 1a ff …", "0x00, 0x1a", "\\x00\\x1a": hex bytes with separators or prefixes.
      spacedHex: new RegExp(
        `(?:(?:0x|\\\\x)?[0-9A-Fa-f]{2}[\\s,:;-]{0,2}){${Math.floor(limits.maxHexRun / 2) + 1},}`,
        'g',
      ),
      decimalList: new RegExp(
        `(?<![\\d.])\\d{1,3}(?:[,;\\s]+\\d{1,3}){${limits.maxByteArray},}(?![\\d.])`,
      ),
    }
    compiled.set(limits, patterns)
  }
  return patterns
}

/**
 * Why `text` looks like an encoded blob rather than speech, or undefined. Transcripts are words
 * separated by spaces; what they never hold is a long unbroken run of one encoding's alphabet. This
 * catches encoded data that carries no recognisable signature (raw PCM, encrypted, a slice from
 * the middle of a file). Limits leave room for UUIDs, SHA-256/512 digests and ordinary URLs.
 */
export function findOpaqueRun(text: string, limits: RunLimits): string | undefined {
  // Each rule needs more characters than this; most strings of a transcript are shorter.
  const shortest = Math.min(
    limits.maxHexRun,
    limits.maxBase64Run,
    3 * limits.maxPercentBinaryEscapes,
  )
  if (text.length <= shortest) return undefined
  const patterns = patternsFor(limits)
  const runs = longestRuns(text)
  if (runs.base64 > limits.maxBase64Run) {
    return `an unbroken ${runs.base64}-character base64-like run`
  }
  if (runs.hex > limits.maxHexRun) return `an unbroken ${runs.hex}-character hex run`
  patterns.spacedHex.lastIndex = 0
  for (const match of text.matchAll(patterns.spacedHex)) {
    // Real hex dumps mix digits and letters; a run of two-digit numbers ("12 15 20 …") is not one.
    if (/[0-9]/.test(match[0]) && /[a-fA-F]/.test(match[0])) {
      return 'a long run of hex byte values'
    }
  }
  if (patterns.decimalList.test(text)) {
    return `a list of more than ${limits.maxByteArray} byte-sized numbers`
  }
  if (runs.token > limits.maxTokenChars) return `an unbroken ${runs.token}-character token`
  if (hasPercentEscape(text)) return findPercentBlob(text, limits.maxPercentBinaryEscapes)
  return undefined
}

/**
 * Percent-escapes are fine for text (a URL with "%20" or encoded umlauts); they are a blob when the
 * bytes they encode are binary: not UTF-8, or control characters. Only the escaped bytes are
 * judged, at the innermost level of a double encoding; the plain characters around them are text.
 */
function findPercentBlob(text: string, maxEscapes: number): string | undefined {
  let innermost = text
  for (let level = 1; level < 3 && hasPercentEscape(decodePercent(innermost)); level++) {
    innermost = decodePercent(innermost)
  }
  const escaped = Buffer.from(
    Array.from(innermost.matchAll(/%([0-9A-Fa-f]{2})/g), (m) => parseInt(m[1] ?? '0', 16)),
  )
  if (escaped.length <= maxEscapes) return undefined
  const control = escaped.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)
  return control || !isUtf8(escaped)
    ? `${escaped.length} percent-escapes that decode to binary data`
    : undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes)
    return true
  } catch {
    return false
  }
}

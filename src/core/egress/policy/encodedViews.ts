import { decodeNumberLists } from './decodeNumberLists'
import { decodePercent, hasPercentEscape, percentTokens } from './decodePercent'
import { extractAlphabets } from './extractAlphabets'
import { startsWithZlibStream } from './startsWithZlibStream'

export interface EncodedView {
  /** How the bytes were obtained, for the refusal reason: "base64", "hex inside percent-encoding". */
  encoding: string
  bytes: Uint8Array
  /** Set when the bytes are known to start with a zlib stream: refused as compressed. */
  zlib?: true
}

export interface ViewOptions {
  /** The text's own chars as bytes. Off where another scan already saw the same chars in a row. */
  raw: boolean
}

const PERCENT_LEVELS = ['percent-encoding', 'double percent-encoding', 'triple percent-encoding']
const MAX_NESTING = 1
// zlib's 0x78 header with each valid FLG, as base64 ("eJ" = 78 9C) and as hex, at a run's start:
// the 2-byte header is too short to hunt for at every offset (see startsWithZlibStream).
const ZLIB_BASE64 = /^e[AFJN]/
const ZLIB_HEX = /^78(?:01|5[Ee]|9[Cc]|[Dd][Aa])/
const HEX_ONLY = /^[0-9A-Fa-f]+$/

/**
 * Every byte view of `text` in which media could hide. Lazy, so a scan can stop at the first hit.
 *
 * Why whole-text views at every alignment instead of decoding candidate runs: a signature inside a
 * base64 run can start at any byte, and the run can be interrupted by spaces, line breaks or field
 * boundaries. Keeping only the alphabet and decoding at char offsets 0–3 (hex: 0–1) covers every
 * byte alignment in six native decodes, linear in the text.
 *
 * Chars above U+00FF are seen by their low byte: they are never part of an encoding, and the
 * signatures are strong enough that the noise they add cannot fake one.
 */
export function* encodedViews(
  text: string,
  options: ViewOptions = { raw: true },
  nesting = 0,
): Generator<EncodedView> {
  const latin1 = Buffer.from(text, 'latin1')
  // Nested text was already scanned raw, as the bytes of the outer encoding.
  if (options.raw && nesting === 0) yield { encoding: 'raw text', bytes: latin1 }

  const alphabets = extractAlphabets(latin1)
  const base64 = alphabets.base64.toString('latin1')
  const base64Name = alphabets.url ? 'base64url' : 'base64'
  for (let offset = 0; offset < 4 && base64.length - offset >= 8; offset++) {
    yield { encoding: base64Name, bytes: Buffer.from(base64.slice(offset), 'base64') }
  }
  const hex = alphabets.hex.toString('latin1')
  for (let offset = 0; offset < 2 && hex.length - offset >= 8; offset++) {
    yield { encoding: 'hex', bytes: Buffer.from(hex.slice(offset), 'hex') }
  }
  yield { encoding: `${base64Name} pieces`, bytes: alphabets.pieces }

  let decoded = percentTokens(text)
  for (let level = 0; level < PERCENT_LEVELS.length && hasPercentEscape(decoded); level++) {
    decoded = decodePercent(decoded)
    const encoding = PERCENT_LEVELS[level] ?? 'percent-encoding'
    yield { encoding, bytes: Buffer.from(decoded, 'latin1') }
    if (nesting < MAX_NESTING) yield* relabel(encodedViews(decoded, options, nesting + 1), encoding)
  }

  const numbers = decodeNumberLists(text)
  if (numbers.length > 0) yield { encoding: 'a list of numbers', bytes: numbers }

  // Long runs on their own: a zlib stream has to start at a run's start, and a run that decodes to
  // text may hold a second encoding (base64 of hex, base64 of percent-encoding …).
  for (const [start, end] of alphabets.longRuns) {
    const run = text.slice(start, end)
    const encoding = HEX_ONLY.test(run) ? 'hex' : 'base64'
    const inner = Buffer.from(run, encoding)
    if (ZLIB_HEX.test(run) || ZLIB_BASE64.test(run)) {
      if (startsWithZlibStream(inner)) yield { encoding, bytes: inner, zlib: true }
    }
    if (nesting < MAX_NESTING && looksLikeText(inner)) {
      yield* relabel(encodedViews(inner.toString('latin1'), options, nesting + 1), encoding)
    }
  }
}

function* relabel(views: Iterable<EncodedView>, outer: string): Generator<EncodedView> {
  for (const view of views) yield { ...view, encoding: `${view.encoding} inside ${outer}` }
}

/** Mostly printable ASCII: an encoding of text, which may itself be another encoding. */
function looksLikeText(bytes: Uint8Array): boolean {
  let printable = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0
    if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d) printable++
  }
  return bytes.length >= 8 && printable >= bytes.length * 0.95
}

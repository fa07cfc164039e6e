const ESCAPE = /%([0-9A-Fa-f]{2})/g
const ESCAPE_AT = /%[0-9A-Fa-f]{2}/y
// Chars that may sit between escapes in a URL-ish token.
const TOKEN_CHAR = /[\w.~+/=-]/

/**
 * One level of percent-decoding (RFC 3986 §2.1) into a byte string: each escape becomes the char
 * with that code, so the result maps 1:1 to bytes with `Buffer.from(s, 'latin1')`.
 * decodeURIComponent cannot be used: media bytes are not UTF-8 and it throws on them.
 */
export function decodePercent(text: string): string {
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

export function hasPercentEscape(text: string): boolean {
  return /%[0-9A-Fa-f]{2}/.test(text)
}

/**
 * Only the tokens of `text` that hold escapes (escapes plus the URL-ish chars around them),
 * concatenated with nothing between them: the part worth decoding (a transcript mentions a URL now
 * and then), kept contiguous so that data split over several strings joins up again. Scans from
 * each escape outwards; a regex for whole tokens backtracks on every word of the text.
 */
export function percentTokens(text: string): string {
  const parts: string[] = []
  let done = 0
  for (let at = text.indexOf('%'); at !== -1; at = text.indexOf('%', Math.max(at + 1, done))) {
    if (!escapeAt(text, at)) continue
    let start = at
    while (start > done && TOKEN_CHAR.test(text.charAt(start - 1))) start--
    let end = at
    while (end < text.length) {
      if (escapeAt(text, end)) end += 3
      else if (TOKEN_CHAR.test(text.charAt(end))) end++
      else break
    }
    parts.push(text.slice(start, end))
    done = end
  }
  return parts.join('')
}

function escapeAt(text: string, index: number): boolean {
  ESCAPE_AT.lastIndex = index
  return ESCAPE_AT.test(text)
}

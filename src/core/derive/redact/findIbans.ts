import { passesIbanChecksum } from './ibanChecksum'
import { ibanLengths } from './ibanLengths'
import type { PiiCandidate } from './PiiMatch'

// Country code, check digits, then letters/digits with at most one space between them (the
// printed form groups by four; speech transcripts group any way).
const ibanStart = /(?<![\p{L}\p{N}_])([A-Za-z]{2})(\d{2})(?=[ ]?[A-Za-z0-9])/gu

/**
 * IBANs of the countries in `ibanLengths`, grouped or not, upper or lower case: exactly the
 * country's length, nothing alphanumeric right after it, and a valid ISO 13616 check.
 */
export function findIbans(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = []
  for (const match of text.matchAll(ibanStart)) {
    const country = (match[1] ?? '').toUpperCase()
    const length = ibanLengths[country]
    if (length === undefined) continue
    const end = endOfCompactLength(text, match.index, length)
    if (end === null) continue
    const compact = text.slice(match.index, end).replace(/ /g, '').toUpperCase()
    if (!passesIbanChecksum(compact)) continue
    found.push({ kind: 'iban', start: match.index, end, text: text.slice(match.index, end) })
  }
  return found
}

/** Where `length` letters and digits (single spaces allowed between) end, if the IBAN ends there. */
function endOfCompactLength(text: string, start: number, length: number): number | null {
  let count = 0
  let i = start
  while (i < text.length && count < length) {
    const char = text[i] ?? ''
    if (/[A-Za-z0-9]/.test(char)) count++
    else if (!(char === ' ' && /[A-Za-z0-9]/.test(text[i + 1] ?? '') && count > 0)) return null
    i++
  }
  if (count < length || /[\p{L}\p{N}_]/u.test(text[i] ?? '')) return null
  return i
}

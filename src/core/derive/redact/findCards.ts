import { digitGroupRuns, type DigitGroup } from './digitGroupRuns'
import { passesLuhn } from './luhn'
import type { PiiCandidate } from './PiiMatch'

/**
 * Issuer ranges (first digits) and the lengths cards of that range have. A number that passes Luhn
 * but starts like no card brand (a tracking or order number) is not a card.
 */
const issuerRanges: readonly { from: number; to: number; lengths: readonly number[] }[] = [
  { from: 4, to: 4, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, lengths: [16] }, // Mastercard 2-series
  { from: 2200, to: 2204, lengths: [16, 17, 18, 19] }, // Mir
  { from: 34, to: 34, lengths: [15] }, // American Express
  { from: 37, to: 37, lengths: [15] },
  { from: 300, to: 305, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 39, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 3528, to: 3589, lengths: [16, 17, 18, 19] }, // JCB
  { from: 50, to: 50, lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 69, lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro, Discover, UnionPay, RuPay
]

function hasCardIssuer(digits: string): boolean {
  return issuerRanges.some(({ from, to, lengths }) => {
    const prefix = Number(digits.slice(0, String(from).length))
    return prefix >= from && prefix <= to && lengths.includes(digits.length)
  })
}

function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && hasCardIssuer(digits) && passesLuhn(digits)
}

/**
 * Payment card numbers (PAN), grouped by spaces, dashes or whisper's ", " or not at all. Groups are
 * taken whole: the longest run of consecutive groups of 13–19 digits that is a valid card wins,
 * so "4111 1111 1111 1111 20" still finds the card and leaves the 20.
 */
export function findCards(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = []
  for (const groups of digitGroupRuns(text, '[ \\-]|, ')) {
    let first = 0
    while (first < groups.length) {
      const end = longestCardFrom(groups, first)
      if (end === null) {
        first++
        continue
      }
      const start = groups[first]?.start ?? 0
      const stop = groups[end]?.end ?? start
      found.push({ kind: 'card', start, end: stop, text: text.slice(start, stop) })
      first = end + 1
    }
  }
  return found
}

function longestCardFrom(groups: readonly DigitGroup[], first: number): number | null {
  let digits = ''
  let best: number | null = null
  for (let last = first; last < groups.length; last++) {
    digits += groups[last]?.digits ?? ''
    if (digits.length > 19) break
    if (isCardNumber(digits)) best = last
  }
  return best
}

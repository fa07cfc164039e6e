import type { PiiCandidate } from './PiiMatch'

// A stretch that could be a phone number: optional "+", then digits with spaces, dashes, dots and
// parentheses between them. Never inside a word or an amount ("1,250.00"), never after "#".
const candidatePattern =
  /(?<![\p{L}\p{N}_.,/+@#-])(?:\+ ?)?\(?\d[\d(). -]*\d(?![\p{L}\p{N}_]|[.,]\d)/gu

// Words that make a number an identifier of something else, and words that announce a phone number.
const identifierBefore =
  /\b(?:order|invoice|ticket|case|ref|reference|tracking|confirmation|account|acct|po|sku|serial|part|model|item|id|booking|reservation|policy|claim|quote|version|build|zip|postcode|meeting|webinar|conference|passcode|pin|code|licen[cs]e)\b[^\p{N}]{0,20}$/iu
const phoneBefore =
  /\b(?:phone|number|call|calling|cell|mobile|tel|telephone|reach|text|dial|extension|ext|landline|whatsapp|fax|ring)\b[^\p{N}]{0,24}$/iu

// NANP toll-free prefixes: a company's hotline, not a person's number (and "1-800-FLOWERS" is an ad).
const tollFree = /^1?(?:800|888|877|866|855|844|833)\d{7}$/
const isYear = (group: string): boolean => /^(?:19|20)\d\d$/.test(group)

function groupsOf(candidate: string): string[] {
  return candidate.match(/\d+/g) ?? []
}

function isWellFormed(candidate: string): boolean {
  if (/[.-]{2}| {2}|[.-] [.-]/.test(candidate)) return false
  const opens = candidate.split('(').length - 1
  const closes = candidate.split(')').length - 1
  if (opens !== closes || opens > 1) return false
  return opens === 0 || /\(\d{1,5}\)/.test(candidate)
}

/** Numbers whose shape says they are something else: amounts, dates, years, versions, addresses. */
function looksLikeOtherNumber(candidate: string, groups: readonly string[]): boolean {
  if (/^\d{1,3}(?:[ .]\d{3})+$/.test(candidate)) return true
  if (/^\d{4}[-. ]\d{1,2}[-. ]\d{1,2}$/.test(candidate)) return true
  if (/^\d{1,2}[-. ]\d{1,2}[-. ]\d{2,4}$/.test(candidate)) return true
  if (groups.length > 1 && groups.every(isYear)) return true
  // Versions and IP addresses: dotted, with groups a phone number never has.
  return candidate.includes('.') && groups.some((g) => g.length === 1 || g.length > 4)
}

function isPhoneNumber(candidate: string, before: string): boolean {
  const groups = groupsOf(candidate)
  const digits = groups.join('')
  const last = groups[groups.length - 1] ?? ''
  if (!isWellFormed(candidate) || last.length < 2) return false
  // E.164: at most 15 digits including the country code; "00" is the international prefix.
  if (candidate.startsWith('+')) return digits.length >= 8 && digits.length <= 15
  if (/^00[1-9]/.test(digits)) return digits.length >= 10 && digits.length <= 17
  if (looksLikeOtherNumber(candidate, groups) || tollFree.test(digits)) return false
  if (identifierBefore.test(before)) return false
  const announced = phoneBefore.test(before)
  if (digits.length >= 10 && digits.length <= 11) {
    // Ten bare digits are an account number as often as a phone number, unless a trunk "0" leads.
    return groups.length > 1 || digits.startsWith('0') || announced
  }
  // A local number ("555-0134") only where the speaker says it is one.
  return digits.length >= 7 && digits.length <= 9 && groups.length > 1 && announced
}

/** The space-separated words of a candidate with their offsets; a lone "+" joins the next word. */
function wordsOf(
  candidate: string,
  offset: number,
): { start: number; end: number; digits: number }[] {
  const words: { start: number; end: number; digits: number }[] = []
  for (const word of candidate.matchAll(/\+ \d\S*|\S+/g)) {
    const start = offset + word.index
    words.push({ start, end: start + word[0].length, digits: word[0].replace(/\D/g, '').length })
  }
  return words
}

/**
 * A window of words as a candidate. A full stop or dash after the last digit, and an opening
 * parenthesis that closes nowhere, belong to the sentence.
 */
function trimmedWindow(text: string, start: number, end: number): [number, string] {
  const window = text.slice(start, end).replace(/[.(-]+$/, '')
  return window.startsWith('(') && !/^\(\d{1,5}\)/.test(window)
    ? [start + 1, window.slice(1)]
    : [start, window]
}

/**
 * Phone numbers: international ("+44 20 7946 0958", "0049 30 1234567") and national formats with
 * an area code ("(555) 123-4567", "020 7946 0958", "06 12 34 56 78"); seven-digit local numbers
 * only after a word such as "number" or "call". Never dates, times, amounts, years, versions,
 * toll-free hotlines, or numbers introduced as an order, invoice, ticket or similar.
 *
 * A candidate is tried as windows of whole space-separated words (dash- and dot-joined groups
 * stay together) of at most 17 digits, the longest valid one kept, so "555-123-4567 2 times" finds
 * the number and a long list of digits costs linear time.
 */
export function findPhones(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = []
  for (const match of text.matchAll(candidatePattern)) {
    const words = wordsOf(match[0], match.index)
    // Windows start where the candidate starts, or right after a number found before them: a
    // window starting inside a run of digits would find phone-shaped tails of IBANs and lists.
    let first = 0
    while (first < words.length) {
      let best: { last: number; match: PiiCandidate } | null = null
      let digits = 0
      for (let last = first; last < words.length; last++) {
        digits += words[last]?.digits ?? 0
        if (digits > 17) break
        const [start, candidate] = trimmedWindow(
          text,
          words[first]?.start ?? 0,
          words[last]?.end ?? 0,
        )
        if (isPhoneNumber(candidate, text.slice(Math.max(0, start - 48), start))) {
          best = {
            last,
            match: { kind: 'phone', start, end: start + candidate.length, text: candidate },
          }
        }
      }
      if (best === null) break
      found.push(best.match)
      first = best.last + 1
    }
  }
  return found
}

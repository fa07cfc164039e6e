import type { PiiCandidate } from './PiiMatch'

// US Social Security Number, written 123-45-6789 or 123 45 6789 (SSA: area 000, 666 and 900–999,
// group 00 and serial 0000 are never issued; 078-05-1120 and 219-09-9999 were published samples).
const ssn = /(?<![\p{L}\p{N}_\-.])(\d{3})([- ])(\d{2})\2(\d{4})(?![\p{L}\p{N}_]|[-.]\d)/gu
// Nine bare digits are an SSN only when the words say so.
const bareSsn = /\b(?:ssn|social security(?: number)?)\b[^\p{N}]{0,20}?(\d{9})(?![\p{L}\p{N}_])/giu
const retiredSsns = new Set(['078051120', '219099999'])

// UK National Insurance number (HMRC NIM39110): two prefix letters, six digits, suffix A–D.
// D, F, I, Q, U, V never start or end the prefix; O is not second; BG, GB, KN, NK, NT, TN and ZZ
// are not allocated.
const nino =
  /(?<![\p{L}\p{N}_])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![\p{L}\p{N}_])/gu
const unallocatedNinoPrefixes = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'])

function isIssuableSsn(digits: string): boolean {
  const area = Number(digits.slice(0, 3))
  return (
    area !== 0 &&
    area !== 666 &&
    area < 900 &&
    digits.slice(3, 5) !== '00' &&
    digits.slice(5) !== '0000' &&
    !retiredSsns.has(digits)
  )
}

/**
 * National identity numbers: US SSNs (dashed or spaced; bare nine digits only after "SSN" or
 * "social security") and UK National Insurance numbers (upper case, spaced or not).
 */
export function findNationalIds(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = []
  const push = (start: number, end: number): void => {
    found.push({ kind: 'national-id', start, end, text: text.slice(start, end) })
  }
  for (const match of text.matchAll(ssn)) {
    if (isIssuableSsn(`${match[1]}${match[3]}${match[4]}`)) {
      push(match.index, match.index + match[0].length)
    }
  }
  for (const match of text.matchAll(bareSsn)) {
    const digits = match[1] ?? ''
    if (isIssuableSsn(digits)) {
      const end = match.index + match[0].length
      push(end - digits.length, end)
    }
  }
  for (const match of text.matchAll(nino)) {
    if (!unallocatedNinoPrefixes.has(match[1] ?? ''))
      push(match.index, match.index + match[0].length)
  }
  return found
}

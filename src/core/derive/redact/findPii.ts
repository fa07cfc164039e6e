import { findCards } from './findCards'
import { findEmails } from './findEmails'
import { findIbans } from './findIbans'
import { findNationalIds } from './findNationalIds'
import { findPhones } from './findPhones'
import { compileTerms } from './findTerms'
import { findUrlTokens } from './findUrlTokens'
import { piiKinds, type PiiCandidate, type PiiMatch } from './PiiMatch'

export interface PiiOptions {
  /** The user's names and terms to redact wherever they appear as whole words. */
  terms: readonly string[]
  /**
   * People's names to redact the same way (`personNames`: the names the user gave speakers, the
   * people in email addresses). Reported as kind `name`; a user's term covering the same words wins.
   */
  names?: readonly string[]
}

const structuredDetectors: readonly ((text: string) => PiiCandidate[])[] = [
  findUrlTokens,
  findEmails,
  findIbans,
  findCards,
  findNationalIds,
  findPhones,
]

/**
 * Keeps non-overlapping candidates: the more specific kind wins (a card number is not also a
 * phone number, an email inside a token link goes with the link), then the longer, then the
 * earlier. The result is ordered by position.
 */
function resolveOverlaps(candidates: readonly PiiCandidate[]): PiiMatch[] {
  const rank = (kind: PiiMatch['kind']): number => piiKinds.indexOf(kind)
  const ordered = [...candidates].sort(
    (a, b) =>
      rank(a.kind) - rank(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  )
  const kept: PiiMatch[] = []
  for (const candidate of ordered) {
    if (kept.every((k) => candidate.end <= k.start || candidate.start >= k.end))
      kept.push(candidate)
  }
  return kept.sort((a, b) => a.start - b.start)
}

/** A reusable finder: the user's terms are compiled once for a whole transcript. */
export function createPiiFinder(options: PiiOptions): (text: string) => PiiMatch[] {
  const detectors = [
    ...structuredDetectors,
    compileTerms(options.terms, 'term'),
    compileTerms(options.names ?? [], 'name'),
  ].filter((detect) => detect !== null)
  return (text) => resolveOverlaps(detectors.flatMap((detect) => detect(text)))
}

/**
 * Personal data in one text: emails, phone numbers, payment cards, IBANs, national ids, links
 * carrying secrets, the user's terms and the given people's names. Offsets are UTF-16 indices into `text`; matches never
 * overlap and come in order of position.
 */
export function findPii(text: string, options: PiiOptions): PiiMatch[] {
  return createPiiFinder(options)(text)
}

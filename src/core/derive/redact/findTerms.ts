import type { PiiCandidate } from './PiiMatch'

const BEFORE = '(?<![\\p{L}\\p{N}\\p{M}_])'
const AFTER = '(?![\\p{L}\\p{N}\\p{M}_])'

function escapeSyntax(text: string): string {
  return text.replace(/[\^$\\.*+?()[\]{}|/]/g, '\\$&')
}

/** A term's pattern: any run of spaces between its words, either apostrophe, NFC or NFD accents. */
function termSource(term: string): string[] {
  const forms = new Set([term.normalize('NFC'), term.normalize('NFD')])
  return [...forms].map((form) =>
    form
      .trim()
      .split(/\s+/)
      .map((word) => escapeSyntax(word).replace(/['’]/g, "['’]"))
      .join('\\s+'),
  )
}

/**
 * Builds a matcher for the user's names and terms: whole words (letters of any script count as
 * word characters, so "Ana" is not found in "Anaïs"), case-insensitive, longest term first so
 * "Anna Schmidt" is redacted whole rather than as "Anna".
 */
export function compileTerms(
  terms: readonly string[],
  kind: 'term' | 'name' = 'term',
): ((text: string) => PiiCandidate[]) | null {
  const sources = [...new Set(terms.filter((t) => t.trim() !== '').flatMap(termSource))].sort(
    (a, b) => b.length - a.length || (a < b ? -1 : 1),
  )
  if (sources.length === 0) return null
  const pattern = new RegExp(`${BEFORE}(?:${sources.join('|')})${AFTER}`, 'giu')
  return (text) =>
    [...text.matchAll(pattern)].map((match) => ({
      kind,
      start: match.index,
      end: match.index + match[0].length,
      text: match[0],
    }))
}

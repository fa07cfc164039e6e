/**
 * Prefix search starts at this many characters: the FTS table keeps a prefix index for exactly
 * this length (migration 3), and a one- or two-letter prefix matches too much to be useful.
 */
export const MIN_PREFIX_CHARS = 3

/**
 * Turns what a person types into a safe FTS5 query: every word quoted (so FTS5 operators and
 * punctuation in the input are plain text), all words required, the last one also as a prefix so
 * results appear while typing (from MIN_PREFIX_CHARS on). Returns null when nothing searchable is
 * left.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? []
  if (words.length === 0) return null
  return words
    .map((word, i) => {
      const quoted = `"${word.replace(/"/g, '""')}"`
      const last = i === words.length - 1
      return last && Array.from(word).length >= MIN_PREFIX_CHARS ? `${quoted}*` : quoted
    })
    .join(' ')
}

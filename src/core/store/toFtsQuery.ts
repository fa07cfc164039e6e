/**
 * Turns what a person types into a safe FTS5 query: every word quoted (so FTS5 operators and
 * punctuation in the input are plain text), all words required, the last one also as a prefix so
 * results appear while typing. Returns null when nothing searchable is left.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? []
  if (words.length === 0) return null
  return words
    .map((word, i) => {
      const quoted = `"${word.replace(/"/g, '""')}"`
      return i === words.length - 1 ? `${quoted}*` : quoted
    })
    .join(' ')
}

/**
 * The words of a team search, as the desktop's search reads them (src/core/store/toFtsQuery.ts):
 * letters and digits, apostrophes inside a word kept. Each engine turns them into its own query
 * syntax from these, so no operator a person types reaches FTS5 or tsquery.
 */
export function searchWords(input: string): string[] {
  return (input.normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? []).slice(0, 20)
}

/** The last word is also a prefix from this many characters on, as in the desktop's search. */
export const MIN_PREFIX_CHARS = 3

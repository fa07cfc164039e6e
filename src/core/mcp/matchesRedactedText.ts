/** Lowercase, compatibility-normalised, accents removed: close to FTS5's unicode61 remove_diacritics. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/**
 * Whether every word of the query still occurs in a line after redaction. The full-text index
 * holds the stored, unredacted words, so a hit it finds may match only on what redaction removed
 * (a name, an email): such a hit is dropped, or searching for a person's name would tell the
 * client which calls mention them. Substring matching also admits the index's prefix match of
 * the last word; it never admits a hit on a removed word, which the redacted line no longer holds.
 */
export function matchesRedactedText(query: string, redactedText: string): boolean {
  const words = query.normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu) ?? []
  const text = fold(redactedText)
  return words.length > 0 && words.every((word) => text.includes(fold(word)))
}

export interface TextPart {
  text: string
  match: boolean
}

// The same notion of a word as the core's toFtsQuery, so what is marked is what was found.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu

/**
 * `text` split into plain and matching parts: a word matches when it starts with one of the
 * query's words (search is prefix search on the last word; marking prefixes of all is close enough).
 */
export function highlightMatches(text: string, query: string): TextPart[] {
  const needles = (query.normalize('NFKC').match(WORD) ?? []).map((w) => w.toLocaleLowerCase())
  if (needles.length === 0) return text === '' ? [] : [{ text, match: false }]
  const parts: TextPart[] = []
  let last = 0
  for (const found of text.matchAll(WORD)) {
    const word = found[0].normalize('NFKC').toLocaleLowerCase()
    if (!needles.some((needle) => word.startsWith(needle))) continue
    if (found.index > last) parts.push({ text: text.slice(last, found.index), match: false })
    parts.push({ text: found[0], match: true })
    last = found.index + found[0].length
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false })
  return parts
}

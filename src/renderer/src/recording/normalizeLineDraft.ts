/**
 * What the line editor sends: runs of whitespace (a pasted line break, a tab) become one space and
 * the ends are trimmed, as a transcript line is one line of text (`LineText` refuses line breaks).
 */
export function normalizeLineDraft(draft: string): string {
  return draft.replace(/\s+/g, ' ').trim()
}

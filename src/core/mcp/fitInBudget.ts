/**
 * How many of `items`, from the first, fit in `maxChars` of JSON text (each item's JSON plus a
 * comma). Results handed to an LLM client are bounded so one answer cannot fill its context or
 * the audit log; the caller says "truncated" when fewer than all fit.
 */
export function fitInBudget(items: readonly unknown[], maxChars: number): number {
  let used = 0
  for (let i = 0; i < items.length; i += 1) {
    used += JSON.stringify(items[i]).length + 1
    if (used > maxChars) return i
  }
  return items.length
}

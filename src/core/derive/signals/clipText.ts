/**
 * The first `max` UTF-16 code units of `text` (zod's `max()` counts those), never ending in the
 * first half of a surrogate pair, so a clipped emoji does not become an unpaired surrogate.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text
  const last = text.charCodeAt(max - 1)
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max
  return text.slice(0, end)
}

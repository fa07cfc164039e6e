/**
 * Where a key moves the focused row of a list (WAI-ARIA APG, "Keyboard Navigation Inside
 * Components"): arrows by one, Page keys by a screenful, Home/End to the ends. null: not a
 * navigation key, so the key is left to the browser.
 */
export function nextRowIndex(
  key: string,
  current: number,
  count: number,
  pageSize: number,
): number | null {
  if (count === 0) return null
  const clamp = (index: number) => Math.min(count - 1, Math.max(0, index))
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1)
    case 'ArrowUp':
      return clamp(current - 1)
    case 'PageDown':
      return clamp(current + Math.max(1, pageSize))
    case 'PageUp':
      return clamp(current - Math.max(1, pageSize))
    case 'Home':
      return 0
    case 'End':
      return count - 1
    default:
      return null
  }
}

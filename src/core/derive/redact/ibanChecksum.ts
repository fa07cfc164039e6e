/**
 * ISO 13616 check: move the first four characters to the end, letters to 10–35, and the number
 * must leave 1 modulo 97. Computed piecewise so no digit string outgrows a double.
 */
export function passesIbanChecksum(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4)
  let remainder = 0
  for (const char of rearranged) {
    const code = char.charCodeAt(0)
    const value = code >= 65 && code <= 90 ? code - 55 : code - 48
    if (value < 0 || value > 35) return false
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97
  }
  return remainder === 1
}

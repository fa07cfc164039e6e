// Eight or more byte-sized numbers, decimal ("24") or C-style hex ("0x18", "0x0"), separated by
// commas, semicolons or whitespace: a byte array written out as text.
const NUMBER = '(?:0[xX][0-9A-Fa-f]{1,2}|\\d{1,3})'
const NUMBER_LIST = new RegExp(`(?<![\\w.])${NUMBER}(?:[,;\\s]+${NUMBER}){7,}(?![\\w.])`, 'g')
const SEPARATORS = /[,;\s]+/

/**
 * The bytes of every number list in `text`, concatenated in order. Lists holding a number above
 * 255 are not byte lists and are skipped. Hex without a prefix is the hex view's job.
 */
export function decodeNumberLists(text: string): Uint8Array {
  const bytes: number[] = []
  for (const match of text.matchAll(NUMBER_LIST)) {
    const numbers = match[0].split(SEPARATORS).map(Number)
    if (numbers.every((n) => n <= 255)) for (const n of numbers) bytes.push(n)
  }
  return Uint8Array.from(bytes)
}

/** One run of digits inside a text, with its UTF-16 offsets. */
export interface DigitGroup {
  digits: string
  start: number
  end: number
}

/**
 * Runs of digit groups joined by one separator each ("4111 1111 1111 1111", "123-45-6789"), as
 * whisper writes spoken numbers. A run never starts or ends inside a word, a decimal or an amount
 * ("v1.2", "1,250.00"), so its groups are whole numbers as the speaker said them.
 */
export function digitGroupRuns(text: string, separator: string): DigitGroup[][] {
  const run = new RegExp(
    `(?<![\\p{L}\\p{N}_.,/\\-])\\d+(?:(?:${separator})\\d+)*(?![\\p{L}\\p{N}_]|[.,/\\-]\\d)`,
    'gu',
  )
  const runs: DigitGroup[][] = []
  for (const match of text.matchAll(run)) {
    const groups: DigitGroup[] = []
    for (const group of match[0].matchAll(/\d+/g)) {
      const start = match.index + group.index
      groups.push({ digits: group[0], start, end: start + group[0].length })
    }
    runs.push(groups)
  }
  return runs
}

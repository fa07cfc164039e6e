const WORD = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu

/**
 * Words in a text: runs of letters and digits, with inner apostrophes and hyphens ("don't",
 * "follow-up" are one word). Scripts written without spaces (Chinese, Japanese, Thai) count a whole
 * run as one word, so words per minute is low for them.
 */
export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0
}

import type { TranscriptLine } from '../../../shared/api'

/**
 * The transcript with line `idx` holding `text`: the same array when nothing changes, so React
 * skips the render. With `onlyIf`, the line changes only while it still holds that text: an edit
 * that settles late (saved or refused) must not undo a newer edit of the same line.
 */
export function replaceLineText(
  lines: TranscriptLine[],
  idx: number,
  text: string,
  onlyIf?: string,
): TranscriptLine[] {
  const at = lines.findIndex((line) => line.idx === idx)
  const line = lines[at]
  if (line === undefined || line.text === text) return lines
  if (onlyIf !== undefined && line.text !== onlyIf) return lines
  return lines.with(at, { ...line, text })
}

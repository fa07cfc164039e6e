import { clipText } from '../signals/clipText'

/** The key a segment's speaker is counted under when speaker turns are not known. */
export const UNKNOWN_SPEAKER = 'Unknown'

/** The metrics key for a speaker: the trimmed name (at most 80 characters) or `Unknown`. */
export function speakerKey(speaker: string | null): string {
  const name = speaker?.trim() ?? ''
  return name === '' ? UNKNOWN_SPEAKER : clipText(name, 80)
}

/**
 * One transcript segment as the derive modules read it: stored text with its time span and, once
 * speaker turns are known, the speaker's (possibly user-given) name. `idx` is the segment's position
 * in the recording and the link target for signals and key moments.
 */
export interface DerivedSegment {
  idx: number
  startMs: number
  endMs: number
  text: string
  speaker: string | null
}

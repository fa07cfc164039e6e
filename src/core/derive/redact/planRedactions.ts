import type { DerivedSegment } from '../DerivedSegment'
import { createPiiFinder, type PiiOptions } from './findPii'
import { redactionPlaceholders, type Redaction } from './Redaction'

/** FNV-1a over UTF-16 code units: a short, stable fingerprint (not a secret, not a security hash). */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/** Every redaction the transcript needs, in segment order and then by position. */
export function planRedactions(
  segments: readonly DerivedSegment[],
  options: PiiOptions,
): Redaction[] {
  const findPii = createPiiFinder(options)
  return segments.flatMap((segment) =>
    findPii(segment.text).map((match) => ({
      id: `${segment.idx}:${match.start}-${match.end}:${match.kind}:${fingerprint(match.text)}`,
      segmentIdx: segment.idx,
      kind: match.kind,
      start: match.start,
      end: match.end,
      original: match.text,
      replacement: redactionPlaceholders[match.kind],
    })),
  )
}

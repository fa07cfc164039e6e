import { CoreError } from '../../CoreError'
import type { DerivedSegment } from '../DerivedSegment'
import type { Redaction } from './Redaction'

/**
 * The segments with every redaction not in `reverted` applied; the input is left as it was. A plan
 * that no longer fits the text (the transcript was edited since) is refused rather than applied at
 * the wrong place, since that could leave the personal data in and cut something else.
 */
export function applyRedactions(
  segments: readonly DerivedSegment[],
  redactions: readonly Redaction[],
  reverted: ReadonlySet<string>,
): DerivedSegment[] {
  const bySegment = new Map<number, Redaction[]>()
  for (const redaction of redactions) {
    if (reverted.has(redaction.id)) continue
    const list = bySegment.get(redaction.segmentIdx) ?? []
    list.push(redaction)
    bySegment.set(redaction.segmentIdx, list)
  }
  const known = new Set(segments.map((s) => s.idx))
  for (const idx of bySegment.keys()) {
    if (!known.has(idx)) throw stalePlan(`segment ${idx} is not in the transcript`)
  }
  return segments.map((segment) => {
    const own = bySegment.get(segment.idx)
    if (own === undefined) return { ...segment }
    // Right to left, so each replacement leaves the offsets of the ones before it valid.
    const ordered = [...own].sort((a, b) => b.start - a.start)
    let text = segment.text
    let limit = text.length
    for (const r of ordered) {
      if (r.start < 0 || r.start > r.end || r.end > limit)
        throw stalePlan(`redactions overlap in segment ${segment.idx}`)
      if (text.slice(r.start, r.end) !== r.original) {
        throw stalePlan(`segment ${segment.idx} changed at ${r.start}–${r.end}`)
      }
      text = text.slice(0, r.start) + r.replacement + text.slice(r.end)
      limit = r.start
    }
    return { ...segment, text }
  })
}

function stalePlan(detail: string): CoreError {
  return new CoreError(
    'redaction-plan-stale',
    `The redaction plan no longer matches the transcript (${detail}); review the redactions again.`,
  )
}

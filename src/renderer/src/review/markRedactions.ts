import type { RedactionView } from '../../../shared/derivedViews'

/** A run of the shown payload text; `redaction` when it is one item's placeholder or original. */
export interface PayloadPart {
  text: string
  redaction?: RedactionView
}

export interface MarkedPayload {
  parts: PayloadPart[]
  /** Ids of the items found at their place in the shown text (the rest are not marked). */
  marked: ReadonlySet<string>
}

const escapeJson = (text: string): string => JSON.stringify(text).slice(1, -1)

/**
 * Splits the payload text as shown (indented or exact) into plain runs and redaction marks. Each
 * segment's `text` is read from `body` (the exact JSON sent); an item is marked only where that
 * text holds, at its place, the placeholder (applied) or the original (reverted), so a mark is
 * always drawn over what is really sent. Segments appear in order, so the search moves forward.
 */
export function markRedactions(
  shown: string,
  body: string,
  items: readonly RedactionView[],
): MarkedPayload {
  const whole: MarkedPayload = { parts: [{ text: shown }], marked: new Set() }
  if (items.length === 0) return whole
  let sent: string[]
  try {
    const parsed = JSON.parse(body) as { segments?: { text?: unknown }[] }
    sent = (parsed.segments ?? []).map((s) => (typeof s.text === 'string' ? s.text : ''))
  } catch {
    return whole
  }
  const bySegment = new Map<number, RedactionView[]>()
  for (const item of items) {
    bySegment.set(item.segmentIdx, [...(bySegment.get(item.segmentIdx) ?? []), item])
  }

  const parts: PayloadPart[] = []
  const marked = new Set<string>()
  let cursor = 0
  let copied = 0
  sent.forEach((text, idx) => {
    const own = bySegment.get(idx)
    const escaped = JSON.stringify(text)
    const at = findTextValue(shown, escaped, cursor)
    if (at === -1) return
    cursor = at + escaped.length
    if (own === undefined) return
    const pieces = splitSegment(text, own)
    if (pieces === null) return
    parts.push({ text: shown.slice(copied, at + 1) })
    for (const piece of pieces) {
      if (piece.text === '') continue
      parts.push({
        text: escapeJson(piece.text),
        ...(piece.redaction && { redaction: piece.redaction }),
      })
      if (piece.redaction) marked.add(piece.redaction.id)
    }
    copied = cursor - 1
  })
  if (marked.size === 0) return whole
  parts.push(...markEchoes(shown.slice(copied), items))
  return { parts: parts.filter((p) => p.text !== ''), marked }
}

/**
 * The summary and signal quotes after the segments are sentences of the sent segments, so an
 * item's placeholder or (reverted) original shows up there again: those echoes are marked too, the
 * longest text first. An echo of a placeholder several items share goes to the first of them.
 */
function markEchoes(tail: string, items: readonly RedactionView[]): PayloadPart[] {
  const needles = new Map<string, RedactionView>()
  for (const item of items) {
    const text = escapeJson(item.reverted ? item.original : item.replacement)
    if (text.length >= 3 && !needles.has(text)) needles.set(text, item)
  }
  if (needles.size === 0) return [{ text: tail }]
  // One alternation, longest first, so the regular-expression engine does the scanning.
  const pattern = new RegExp(
    [...needles.keys()]
      .sort((a, b) => b.length - a.length)
      .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  )
  const parts: PayloadPart[] = []
  let plainFrom = 0
  for (const found of tail.matchAll(pattern)) {
    const item = needles.get(found[0])
    if (item === undefined) continue
    parts.push({ text: tail.slice(plainFrom, found.index) }, { text: found[0], redaction: item })
    plainFrom = found.index + found[0].length
  }
  parts.push({ text: tail.slice(plainFrom) })
  return parts
}

/** Where a `"text"` member with exactly this JSON string value starts (at its opening quote). */
function findTextValue(shown: string, escaped: string, from: number): number {
  let at = shown.indexOf(escaped, from)
  while (at !== -1) {
    const before = shown.slice(Math.max(0, at - 8), at)
    if (before.endsWith('"text":') || before.endsWith('"text": ')) return at
    at = shown.indexOf(escaped, at + 1)
  }
  return -1
}

/**
 * The sent text of one segment cut at its redactions, or null when the text does not hold each
 * item's placeholder (applied) or original (reverted) where the plan puts it. Offsets in the plan
 * are into the stored text; each applied placeholder shifts what follows by its change in length.
 */
function splitSegment(
  sent: string,
  items: readonly RedactionView[],
): { text: string; redaction?: RedactionView }[] | null {
  const pieces: { text: string; redaction?: RedactionView }[] = []
  let pos = 0
  let originalEnd = 0
  for (const item of [...items].sort((a, b) => a.start - b.start)) {
    const gap = item.start - originalEnd
    if (gap < 0) return null
    pieces.push({ text: sent.slice(pos, pos + gap) })
    pos += gap
    const expected = item.reverted ? item.original : item.replacement
    if (sent.slice(pos, pos + expected.length) !== expected) return null
    pieces.push({ text: expected, redaction: item })
    pos += expected.length
    originalEnd = item.end
  }
  pieces.push({ text: sent.slice(pos) })
  return pieces
}

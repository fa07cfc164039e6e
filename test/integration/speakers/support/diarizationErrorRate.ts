/**
 * Diarization error rate as NIST's md-eval scores it: (missed speech + false alarm + speaker
 * confusion) / scored reference speech, with the one-to-one speaker mapping that maximises
 * agreement, and a no-score collar around every reference turn boundary (default 250 ms each side,
 * the usual NIST RT setting, since "where exactly a turn starts" is itself uncertain by that much).
 * Overlapped reference speech is scored: a system that names one speaker at a time misses the other.
 * Evaluated on a 10 ms grid.
 */
export interface Turn {
  startMs: number
  endMs: number
  speaker: number
}

export interface DerBreakdown {
  der: number
  missedMs: number
  falseAlarmMs: number
  confusionMs: number
  scoredSpeechMs: number
  /** Reference speaker → hypothesis speaker, for the mapping used. */
  mapping: Map<number, number>
}

const STEP_MS = 10

export function diarizationErrorRate(
  reference: Turn[],
  hypothesis: Turn[],
  collarMs = 250,
): DerBreakdown {
  const endMs = Math.max(0, ...reference.map((t) => t.endMs), ...hypothesis.map((t) => t.endMs))
  const ticks = Math.ceil(endMs / STEP_MS)
  const refSpeakers = [...new Set(reference.map((t) => t.speaker))].sort((a, b) => a - b)
  const hypSpeakers = [...new Set(hypothesis.map((t) => t.speaker))].sort((a, b) => a - b)
  const activeAt = (turns: Turn[], speakers: number[]): boolean[][] =>
    speakers.map((speaker) => {
      const active = new Array<boolean>(ticks).fill(false)
      for (const t of turns.filter((turn) => turn.speaker === speaker)) {
        for (let k = Math.floor(t.startMs / STEP_MS); k < Math.ceil(t.endMs / STEP_MS); k++) {
          active[k] = true
        }
      }
      return active
    })
  const ref = activeAt(reference, refSpeakers)
  const hyp = activeAt(hypothesis, hypSpeakers)

  const scored = new Array<boolean>(ticks).fill(true)
  for (const t of reference) {
    for (const edge of [t.startMs, t.endMs]) {
      const from = Math.max(0, Math.floor((edge - collarMs) / STEP_MS))
      const to = Math.min(ticks, Math.ceil((edge + collarMs) / STEP_MS))
      for (let k = from; k < to; k++) scored[k] = false
    }
  }

  // Agreement (scored ticks both active) of every reference/hypothesis speaker pair.
  const agreement = ref.map((r) =>
    hyp.map((h) => {
      let n = 0
      for (let k = 0; k < ticks; k++) if (scored[k] && r[k] && h[k]) n++
      return n
    }),
  )
  const { mapping } = bestMapping(agreement)

  let missed = 0
  let falseAlarm = 0
  let confusion = 0
  let speech = 0
  for (let k = 0; k < ticks; k++) {
    if (!scored[k]) continue
    const nRef = ref.reduce((n, r) => n + (r[k] ? 1 : 0), 0)
    const nHyp = hyp.reduce((n, h) => n + (h[k] ? 1 : 0), 0)
    let correct = 0
    mapping.forEach((h, r) => {
      if (ref[r]?.[k] && hyp[h]?.[k]) correct++
    })
    speech += nRef
    missed += Math.max(0, nRef - nHyp)
    falseAlarm += Math.max(0, nHyp - nRef)
    confusion += Math.min(nRef, nHyp) - correct
  }
  const named = new Map<number, number>()
  mapping.forEach((h, r) => named.set(refSpeakers[r] ?? r, hypSpeakers[h] ?? h))
  return {
    der: speech === 0 ? 0 : (missed + falseAlarm + confusion) / speech,
    missedMs: missed * STEP_MS,
    falseAlarmMs: falseAlarm * STEP_MS,
    confusionMs: confusion * STEP_MS,
    scoredSpeechMs: speech * STEP_MS,
    mapping: named,
  }
}

/** Exhaustive search over one-to-one mappings; at most 6 speakers a side, so ≤ 720 permutations. */
function bestMapping(agreement: number[][]): { total: number; mapping: Map<number, number> } {
  const refCount = agreement.length
  const hypCount = agreement[0]?.length ?? 0
  let best = { total: -1, mapping: new Map<number, number>() }
  const used = new Array<boolean>(hypCount).fill(false)
  const current = new Map<number, number>()
  const visit = (r: number, total: number): void => {
    if (r === refCount) {
      if (total > best.total) best = { total, mapping: new Map(current) }
      return
    }
    visit(r + 1, total) // this reference speaker left unmapped
    for (let h = 0; h < hypCount; h++) {
      if (used[h]) continue
      used[h] = true
      current.set(r, h)
      visit(r + 1, total + (agreement[r]?.[h] ?? 0))
      current.delete(r)
      used[h] = false
    }
  }
  visit(0, 0)
  return best
}

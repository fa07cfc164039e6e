import { clipText } from './signals/clipText'
import type { CallMetrics } from './metrics/computeMetrics'

/** Label ('Speaker 1') → the name the user gave it ('Customer'), per recording. */
export type SpeakerNames = Readonly<Record<string, string>>

/** The user's name for a stable label, or the label itself; at most 80 characters (upload limit). */
export function speakerName(names: SpeakerNames, label: string): string {
  const name = Object.hasOwn(names, label) ? names[label]?.trim() : undefined
  return name ? clipText(name, 80) : label
}

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000

/**
 * Metrics keyed by the user's names. Two labels given the same name ("Speaker 1" and "Speaker 3"
 * are both the customer) become one key, their talk shares and questions added up, so nothing is
 * lost to a key collision. Keys stay sorted, so the same names give the same bytes.
 */
export function renameMetrics(metrics: CallMetrics, names: SpeakerNames): CallMetrics {
  const merge = (record: Record<string, number>, combine: (sum: number) => number) => {
    const merged = new Map<string, number>()
    for (const [label, value] of Object.entries(record)) {
      const key = speakerName(names, label)
      merged.set(key, (merged.get(key) ?? 0) + value)
    }
    // Object.fromEntries, not assignment: a name such as "__proto__" must stay a plain key.
    return Object.fromEntries(
      [...merged]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, value]) => [key, combine(value)]),
    ) as Record<string, number>
  }
  return {
    ...metrics,
    talkRatio: merge(metrics.talkRatio, (sum) => Math.min(1, round4(sum))),
    questions: merge(metrics.questions, (sum) => sum),
  }
}

import type { TrackerLabel } from '../../../shared/derivedViews'
import type { UploadSignal } from '../../../shared/upload'
import type { z } from 'zod'

type Signal = z.infer<typeof UploadSignal>

export interface SignalGroup {
  tracker: string
  label: string
  signals: Signal[]
}

/**
 * Signals under their tracker, trackers in configuration order (a tracker no longer configured
 * comes last, under its id), each group in transcript order; trackers without hits are left out.
 */
export function groupSignals(
  signals: readonly Signal[],
  trackers: readonly TrackerLabel[],
): SignalGroup[] {
  const order = new Map(trackers.map((t, i) => [t.id, i]))
  const labels = new Map(trackers.map((t) => [t.id, t.label]))
  const groups = new Map<string, Signal[]>()
  for (const signal of signals) {
    const list = groups.get(signal.tracker) ?? []
    list.push(signal)
    groups.set(signal.tracker, list)
  }
  return [...groups]
    .sort(
      ([a], [b]) =>
        (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0),
    )
    .map(([tracker, list]) => ({
      tracker,
      label: labels.get(tracker) ?? tracker,
      signals: [...list].sort((x, y) => x.segmentIdx - y.segmentIdx || x.startMs - y.startMs),
    }))
}

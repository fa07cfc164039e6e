import type { TrackerLabel } from '../../shared/derivedViews'
import type { TrackerDefinition } from '../../shared/signals'

/**
 * Id → label for the trackers in use, plus any tracker id found in stored signals that is no
 * longer configured (derived under an earlier setting), labelled by its id.
 */
export function trackerLabels(
  trackers: readonly TrackerDefinition[],
  storedIds: Iterable<string> = [],
): TrackerLabel[] {
  const labels = trackers.map(({ id, label }) => ({ id, label }))
  const known = new Set(labels.map((t) => t.id))
  for (const id of storedIds) {
    if (known.has(id)) continue
    known.add(id)
    labels.push({ id, label: id })
  }
  return labels
}

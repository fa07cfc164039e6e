import type { TrackerDefinition } from '../../../shared/signals'
import { normalizeText } from './splitSentences'

/** The id of the tracker that receives the user's competitor names. */
export const COMPETITOR_TRACKER_ID = 'competitor'

/**
 * The trackers to run: the defaults in their order, each replaced by the user's tracker with the
 * same id, then the user's new trackers in their order. Competitor names (setting
 * `signals.competitors`) join the phrases of the `competitor` tracker, which is created if the user
 * removed it; names already present (ignoring case) are not added twice, and the user's own
 * product (`signals.ownProduct`) is never one of them.
 */
export function resolveTrackers(
  defaults: readonly TrackerDefinition[],
  custom: readonly TrackerDefinition[],
  competitors: readonly string[],
  ownProduct: string | null = null,
): TrackerDefinition[] {
  const customById = new Map(custom.map((tracker) => [tracker.id, tracker]))
  const resolved = defaults.map((tracker) => customById.get(tracker.id) ?? tracker)
  const defaultIds = new Set(defaults.map((tracker) => tracker.id))
  resolved.push(...custom.filter((tracker) => !defaultIds.has(tracker.id)))

  let index = resolved.findIndex((tracker) => tracker.id === COMPETITOR_TRACKER_ID)
  if (index === -1) {
    resolved.push({
      id: COMPETITOR_TRACKER_ID,
      label: 'Competitors',
      kind: 'competitor',
      phrases: [],
      negatable: false,
    })
    index = resolved.length - 1
  }
  const target = resolved[index]
  if (target === undefined) return resolved
  const own = ownProduct === null ? '' : normalizeText(ownProduct).toLowerCase()
  const phrases = target.phrases.filter((phrase) => normalizeText(phrase).toLowerCase() !== own)
  const seen = new Set(phrases.map((phrase) => normalizeText(phrase).toLowerCase()))
  if (own !== '') seen.add(own)
  for (const name of competitors) {
    const key = normalizeText(name).toLowerCase()
    if (key === '' || seen.has(key)) continue
    seen.add(key)
    phrases.push(name.trim())
  }
  resolved[index] = { ...target, phrases }
  return resolved
}

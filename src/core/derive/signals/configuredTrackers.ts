import type { TrackerDefinition } from '../../../shared/signals'
import type { SettingsStore } from '../../store/SettingsStore'
import { defaultTrackers } from './defaultTrackers'
import { resolveTrackers } from './resolveTrackers'

/**
 * The trackers derivation runs with now: the shipped defaults merged with the user's
 * `signals.custom`, `signals.competitors` and `signals.ownProduct`.
 */
export function configuredTrackers(settings: Pick<SettingsStore, 'get'>): TrackerDefinition[] {
  return resolveTrackers(
    defaultTrackers(),
    settings.get('signals.custom'),
    settings.get('signals.competitors'),
    settings.get('signals.ownProduct'),
  )
}

/** The settings derivation depends on: changing one derives every finished recording again. */
export const TRACKER_SETTING_KEYS: readonly string[] = [
  'signals.custom',
  'signals.competitors',
  'signals.ownProduct',
]

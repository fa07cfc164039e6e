import type { TrackerDefinition } from '../../../shared/signals'
import type { SettingsStore } from '../../store/SettingsStore'
import { defaultTrackers } from './defaultTrackers'
import { resolveTrackers } from './resolveTrackers'

/**
 * The trackers derivation runs with now: the shipped defaults merged with the user's
 * `signals.custom` and `signals.competitors`.
 */
export function configuredTrackers(settings: Pick<SettingsStore, 'get'>): TrackerDefinition[] {
  return resolveTrackers(
    defaultTrackers(),
    settings.get('signals.custom'),
    settings.get('signals.competitors'),
  )
}

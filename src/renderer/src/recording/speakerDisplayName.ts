import type { SpeakerView } from '../../../shared/derivedViews'

/** Label → what to show: the user's name for the speaker, else the label itself. */
export function speakerDisplayName(speakers: readonly SpeakerView[]): (label: string) => string {
  const names = new Map(speakers.flatMap((s) => (s.name === null ? [] : [[s.label, s.name]])))
  return (label) => names.get(label) ?? label
}

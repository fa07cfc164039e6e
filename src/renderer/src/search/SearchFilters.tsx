import { useEffect, useState } from 'react'
import type { TrackerLabel } from '../../../shared/derivedViews'
import { call } from '../bridge/call'
import { DateField } from './DateField'
import type { SearchFilterDraft } from './toSearchInput'

export interface SearchFiltersProps {
  value: SearchFilterDraft
  onChange: (value: SearchFilterDraft) => void
  /** Ends the search: the words and every filter, back to the library. */
  onClear: () => void
}

/** Date range (import day, UTC), speaker (label or given name) and tracker for Library search. */
export function SearchFilters({ value, onChange, onClear }: SearchFiltersProps) {
  const [trackers, setTrackers] = useState<TrackerLabel[]>([])
  useEffect(() => {
    // The tracker list only fills the menu; without it the other filters still work.
    call('insights.get', {}).then(
      (insights) => {
        setTrackers(insights.trackers)
      },
      () => undefined,
    )
  }, [])
  const set = (patch: Partial<SearchFilterDraft>) => {
    onChange({ ...value, ...patch })
  }
  return (
    <fieldset className="search-filters">
      <legend className="visually-hidden">Search filters</legend>
      <DateField
        label="From"
        value={value.from}
        onChange={(day) => {
          set({ from: day })
        }}
      />
      <DateField
        label="To"
        value={value.to}
        onChange={(day) => {
          set({ to: day })
        }}
      />
      <label>
        Speaker
        <input
          type="text"
          value={value.speaker}
          maxLength={80}
          placeholder="Any"
          onChange={(event) => {
            set({ speaker: event.target.value })
          }}
        />
      </label>
      <label>
        Signal
        <select
          value={value.tracker}
          onChange={(event) => {
            set({ tracker: event.target.value })
          }}
        >
          <option value="">Any line</option>
          {trackers.map((tracker) => (
            <option key={tracker.id} value={tracker.id}>
              {tracker.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="quiet" onClick={onClear}>
        Clear search
      </button>
    </fieldset>
  )
}

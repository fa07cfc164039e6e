import { useState } from 'react'
import { DateField } from '../search/DateField'
import { toDateRange } from '../search/toSearchInput'
import { chartColor } from './chartColors'
import { TopPhrasesChart } from './TopPhrasesChart'
import { useInsights } from './useInsights'
import { WeeklySignalsChart } from './WeeklySignalsChart'

/** Insights (DESIGN.md §9): demand signals across calls over time, and what comes up most. */
export function InsightsScreen() {
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  // The same day handling as Library search: UTC days, the "to" day included.
  const { insights, error } = useInsights(toDateRange(from, to))
  const empty =
    insights !== null &&
    insights.weekly.length === 0 &&
    insights.topFeatures.length === 0 &&
    insights.topCompetitors.length === 0

  return (
    <div className="screen insights-screen">
      <header className="screen-header">
        <div>
          <h1>Insights</h1>
          <p className="muted">
            Demand signals found in your transcripts, by the week each call happened (its
            recording’s date; change it on the recording).
          </p>
        </div>
        <fieldset className="date-range">
          <legend className="visually-hidden">Date range</legend>
          <DateField label="From" value={from} onChange={setFrom} />
          <DateField label="To" value={to} onChange={setTo} />
          <button
            type="button"
            className="quiet"
            disabled={from === '' && to === ''}
            onClick={() => {
              setFrom('')
              setTo('')
            }}
          >
            All time
          </button>
        </fieldset>
      </header>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {insights === null && error === null && <p className="muted">Loading…</p>}
      {empty && (
        <p className="muted empty" data-testid="insights-empty">
          {from !== '' || to !== ''
            ? 'No signals in this period. Try a wider date range.'
            : 'No signals yet. They appear here as recordings are transcribed and mention pricing, competitors, feature requests and the like.'}
        </p>
      )}
      {insights !== null && !empty && (
        <div className="insights-body">
          <WeeklySignalsChart insights={insights} />
          <div className="insights-tops">
            <TopPhrasesChart
              id="features"
              title="Top requested features"
              items={insights.topFeatures}
              color={chartColor(2)}
              empty="No feature requests in this period."
            />
            <TopPhrasesChart
              id="competitors"
              title={
                insights.ownProduct === null
                  ? 'Top competitors'
                  : `Competitors mentioned (vs ${insights.ownProduct})`
              }
              items={insights.topCompetitors}
              color={chartColor(5)}
              empty="No competitors mentioned in this period."
            />
          </div>
        </div>
      )}
    </div>
  )
}

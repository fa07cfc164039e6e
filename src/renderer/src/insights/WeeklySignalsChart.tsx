import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { InsightsView } from '../../../shared/derivedViews'
import { chartColor } from './chartColors'
import { weeklySeries } from './weeklySeries'

/**
 * Hits per week, stacked by tracker. The SVG is hidden from assistive technology; the same
 * figures are in the table below it.
 */
export function WeeklySignalsChart({ insights }: { insights: InsightsView }) {
  const { trackers, rows } = weeklySeries(insights.weekly)
  const labels = new Map(insights.trackers.map((t) => [t.id, t.label]))
  const label = (id: string) => labels.get(id) ?? id
  return (
    <figure className="chart-figure" aria-labelledby="weekly-title">
      <figcaption id="weekly-title">
        <h2>Signals per week</h2>
      </figcaption>
      <div className="chart" aria-hidden="true" data-testid="weekly-chart">
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={rows} accessibilityLayer={false} margin={{ left: -16, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="week" tickLine={false} />
            {/* Scaled to the busiest week; bars keep a width of their own when there are few
                weeks, rather than one week stretched across the chart. */}
            <YAxis allowDecimals={false} domain={[0, 'dataMax']} tickLine={false} />
            <Tooltip />
            <Legend />
            {trackers.map((tracker, i) => (
              <Bar
                key={tracker}
                dataKey={tracker}
                name={label(tracker)}
                stackId="signals"
                fill={chartColor(i)}
                maxBarSize={56}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-table">
        <summary>Signals per week as a table</summary>
        <table>
          <caption className="visually-hidden">Signals per week and tracker</caption>
          <thead>
            <tr>
              <th scope="col">Week</th>
              {trackers.map((tracker) => (
                <th scope="col" key={tracker}>
                  {label(tracker)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.week}>
                <th scope="row">{row.week}</th>
                {trackers.map((tracker) => (
                  <td key={tracker}>{row[tracker]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

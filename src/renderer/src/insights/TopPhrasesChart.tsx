import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { InsightsView } from '../../../shared/derivedViews'

export interface TopPhrasesChartProps {
  id: string
  title: string
  items: InsightsView['topFeatures']
  color: string
  empty: string
}

/** A ranked list (top features, top competitors) as horizontal bars, with the list as text. */
export function TopPhrasesChart({ id, title, items, color, empty }: TopPhrasesChartProps) {
  const titleId = `${id}-title`
  return (
    <figure className="chart-figure" aria-labelledby={titleId}>
      <figcaption id={titleId}>
        <h2>{title}</h2>
      </figcaption>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <div className="chart" aria-hidden="true" data-testid={`${id}-chart`}>
            <ResponsiveContainer width="100%" height={Math.max(120, items.length * 32 + 40)}>
              <BarChart
                data={items}
                layout="vertical"
                accessibilityLayer={false}
                margin={{ left: 8, right: 16 }}
              >
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                {/* The axis ends at the largest count, so two mentions do not sit on a 0–4 scale. */}
                <XAxis
                  type="number"
                  allowDecimals={false}
                  domain={[0, 'dataMax']}
                  tickLine={false}
                />
                <YAxis type="category" dataKey="phrase" width={140} tickLine={false} />
                <Tooltip />
                <Bar
                  dataKey="count"
                  name="Mentions"
                  fill={color}
                  maxBarSize={28}
                  isAnimationActive={false}
                />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <ol className="top-list">
            {items.map((item) => (
              <li key={item.phrase}>
                <span className="top-phrase">{item.phrase}</span>{' '}
                <span className="muted">
                  {item.count} mention{item.count === 1 ? '' : 's'} in {item.recordings} call
                  {item.recordings === 1 ? '' : 's'}
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
    </figure>
  )
}

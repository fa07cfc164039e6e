import type { z } from 'zod'
import type { UploadMetrics } from '../../../shared/upload'
import { formatClock } from '../format/formatClock'

type Metrics = z.infer<typeof UploadMetrics>

const percent = (share: number): string => `${Math.round(share * 100)}%`

/** Call metrics: talk ratio as a bar per speaker (with the number as text), then the figures. */
export function MetricsSection({
  metrics,
  displayName,
}: {
  metrics: Metrics
  displayName: (label: string) => string
}) {
  const talk = Object.entries(metrics.talkRatio).sort(([, a], [, b]) => b - a)
  const questions = Object.entries(metrics.questions)
  return (
    <section className="derived-section" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics</h2>
      <h3>Talk ratio</h3>
      <ul className="talk-ratio" data-testid="talk-ratio">
        {talk.map(([speaker, share]) => (
          <li key={speaker}>
            <span className="talk-name">{displayName(speaker)}</span>
            <span className="talk-bar" aria-hidden="true">
              <span style={{ width: percent(share) }} />
            </span>
            <span className="talk-share">{percent(share)}</span>
          </li>
        ))}
      </ul>
      <dl className="metric-list">
        <dt>Longest monologue</dt>
        <dd>{formatClock(metrics.longestMonologueMs)}</dd>
        <dt>Words per minute</dt>
        <dd>{Math.round(metrics.wordsPerMinute)}</dd>
        <dt>Silence</dt>
        <dd>{percent(metrics.silenceShare)}</dd>
        <dt>Interruptions</dt>
        <dd>{metrics.interruptions}</dd>
        <dt>Questions asked</dt>
        <dd>
          {questions.length === 0
            ? 'none'
            : questions.map(([speaker, count]) => `${displayName(speaker)}: ${count}`).join(' · ')}
        </dd>
      </dl>
    </section>
  )
}

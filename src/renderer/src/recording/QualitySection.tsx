import type { CallQuality } from '../../../shared/quality'
import { QualityBadge } from './QualityBadge'

const percent = (share: number, decimals = 0): string => `${(share * 100).toFixed(decimals)}%`

/**
 * The call-quality report a researcher acts on: the verdict with its reasons, then each figure.
 * Recordings imported before reports existed say so instead of showing an empty section.
 */
export function QualitySection({ quality }: { quality: CallQuality | null }) {
  return (
    <section className="derived-section" aria-labelledby="quality-title" data-testid="quality">
      <h2 id="quality-title">Call quality</h2>
      {quality === null ? (
        <p className="muted">
          Not measured: this recording was imported before Earshot measured call quality. Delete and
          import it again to measure it.
        </p>
      ) : (
        <>
          <p>
            <QualityBadge quality={quality} />
          </p>
          {quality.reasons.length > 0 && (
            <ul className="quality-reasons">
              {quality.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
          <dl className="metric-list">
            <dt>Speech</dt>
            <dd>{percent(quality.speechShare)} of the recording</dd>
            <dt>Loudness</dt>
            <dd>{quality.loudnessDbfs === null ? 'no speech' : `${quality.loudnessDbfs} dBFS`}</dd>
            <dt>Clipping</dt>
            <dd>{percent(quality.clippingShare, 2)} of samples</dd>
            <dt>Signal to noise</dt>
            <dd>{quality.snrDb === null ? 'not measurable' : `${quality.snrDb} dB`}</dd>
            <dt>Overlapping speech</dt>
            <dd>{percent(quality.overlapShare)}</dd>
            <dt>Transcriber confidence</dt>
            <dd>
              {quality.meanConfidence === null ? 'not reported' : percent(quality.meanConfidence)}
            </dd>
          </dl>
        </>
      )}
    </section>
  )
}

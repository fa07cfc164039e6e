import type { CallQuality } from '../../../shared/quality'
import { verdictLabel } from './verdictLabel'

/** The call-quality verdict as a small badge; its reasons in the tooltip. */
export function QualityBadge({ quality }: { quality: CallQuality | null }) {
  if (quality === null) {
    return (
      <span className="status quality-badge quality-none" data-testid="quality-badge">
        Quality not measured
      </span>
    )
  }
  return (
    <span
      className={`status quality-badge quality-${quality.verdict}`}
      data-testid="quality-badge"
      title={quality.reasons.join(' ') || 'Clear audio and a confident transcript.'}
    >
      {verdictLabel[quality.verdict]}
    </span>
  )
}

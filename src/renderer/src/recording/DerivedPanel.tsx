import type { RecordingDerived } from '../../../shared/derivedViews'
import { formatClock } from '../format/formatClock'
import { groupSignals } from './groupSignals'
import { MetricsSection } from './MetricsSection'
import { PartySection } from './PartySection'
import { SpeakerActions } from './SpeakerActions'
import { speakerDisplayName } from './speakerDisplayName'
import { SpeakerRename } from './SpeakerRename'

/** A place in the transcript a signal or key moment points to. */
export interface TranscriptTarget {
  segmentIdx: number
  startMs: number
}

export interface DerivedPanelProps {
  derived: RecordingDerived
  onRename: (label: string, name: string) => Promise<void>
  /** "This is me" on a speaker; absent while the transcript is unfinished. */
  onMarkMe?: (label: string) => Promise<void>
  /** Every line of `from` becomes `into`; absent while the transcript is unfinished. */
  onMerge?: (from: string, into: string) => Promise<void>
  onGoTo: (target: TranscriptTarget) => void
}

/**
 * What Earshot made of the call, beside the transcript: summary with key moments, speakers (with
 * rename, "This is me" and merge), metrics (you vs them once someone is "You") and demand signals,
 * the user's own marked "(you)". Every moment and signal jumps to its line and time.
 */
export function DerivedPanel({ derived, onRename, onMarkMe, onMerge, onGoTo }: DerivedPanelProps) {
  const displayName = speakerDisplayName(derived.speakers)
  const youLabels = new Set(derived.parties?.youLabels ?? [])
  const groups = groupSignals(derived.signals, derived.trackers)
  return (
    <aside className="derived-panel" aria-label="Call insights">
      <section className="derived-section" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        {derived.summary === null ? (
          <p className="muted">
            No summary: this transcript has not been analysed yet (it is analysed when it finishes).
          </p>
        ) : derived.summary.text === '' ? (
          <p className="muted">
            No summary: no sentence of this call is long enough to pick for one.
          </p>
        ) : (
          <p className="summary-text">{derived.summary.text}</p>
        )}
        {derived.summary !== null && derived.summary.keyMoments.length > 0 && (
          <>
            <h3>Key moments</h3>
            <ol className="moment-list">
              {derived.summary.keyMoments.map((moment) => (
                <li key={`${moment.segmentIdx}:${moment.startMs}`}>
                  <button
                    type="button"
                    className="link-button jump"
                    onClick={() => {
                      onGoTo(moment)
                    }}
                  >
                    <span className="timestamp">{formatClock(moment.startMs)}</span>{' '}
                    {moment.sentence}
                  </button>
                </li>
              ))}
            </ol>
          </>
        )}
      </section>

      {derived.speakers.length > 0 && (
        <section className="derived-section" aria-labelledby="speakers-title">
          <h2 id="speakers-title">Speakers</h2>
          <ul className="speaker-list">
            {derived.speakers.map((speaker) => (
              <li key={speaker.label}>
                <SpeakerRename speaker={speaker} onRename={onRename} />
                {onMarkMe && onMerge && (
                  <SpeakerActions
                    speaker={speaker}
                    speakers={derived.speakers}
                    displayName={displayName}
                    onMarkMe={onMarkMe}
                    onMerge={onMerge}
                  />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {derived.metrics !== null && (
        <MetricsSection metrics={derived.metrics} displayName={displayName} />
      )}

      {derived.parties !== null && <PartySection parties={derived.parties} />}

      <section className="derived-section" aria-labelledby="signals-title">
        <h2 id="signals-title">Signals</h2>
        {groups.length === 0 && <p className="muted">No demand signals found in this call.</p>}
        {groups.map((group) => (
          <div key={group.tracker} className="signal-group" data-testid="signal-group">
            <h3>
              {group.label} <span className="muted">({group.signals.length})</span>
            </h3>
            <ul className="signal-list">
              {group.signals.map((signal, i) => (
                <li key={`${signal.segmentIdx}:${signal.phrase}:${i}`}>
                  <button
                    type="button"
                    className="link-button jump"
                    onClick={() => {
                      onGoTo(signal)
                    }}
                  >
                    <span className="timestamp">{formatClock(signal.startMs)}</span>{' '}
                    <strong>{signal.phrase}</strong>
                    {signal.speaker !== undefined && ` · ${displayName(signal.speaker)}`}
                    {signal.speaker !== undefined && youLabels.has(signal.speaker) && (
                      <span className="signal-party"> (you)</span>
                    )}
                  </button>
                  <q className="signal-quote">{signal.quote}</q>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </aside>
  )
}

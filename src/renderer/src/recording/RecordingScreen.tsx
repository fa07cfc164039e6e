import { useRef, useState } from 'react'
import { formatClock } from '../format/formatClock'
import { ProgressBar } from '../library/ProgressBar'
import { isActive, statusLabel } from '../library/statusLabel'
import { highlightMatches } from '../search/highlightMatches'
import { DerivedPanel, type TranscriptTarget } from './DerivedPanel'
import { CallDateField } from './CallDateField'
import { ExportButtons } from './ExportButtons'
import { QualitySection } from './QualitySection'
import { findCurrentLine } from './findCurrentLine'
import { MediaPlayer } from './MediaPlayer'
import { speakerDisplayName } from './speakerDisplayName'
import { TranscriptView } from './TranscriptView'
import { useDerived } from './useDerived'
import { useTranscript } from './useTranscript'

export function RecordingScreen({
  id,
  initialQuery,
  focusIdx,
}: {
  id: string
  initialQuery: string
  focusIdx: number | null
}) {
  const { recording, lines, error, editLine, moveLine, reload } = useTranscript(id)
  const derived = useDerived(id)
  const player = useRef<HTMLVideoElement>(null)
  const [playingMs, setPlayingMs] = useState(-1)
  const [query, setQuery] = useState(initialQuery)
  const [goneTo, setGoneTo] = useState<number | null>(null)

  const seek = (startMs: number) => {
    const media = player.current
    if (media) media.currentTime = startMs / 1000
    setPlayingMs(startMs)
  }
  /** A signal or key moment: play from there, bring its line into view and move focus onto it. */
  const goTo = (target: TranscriptTarget) => {
    seek(target.startMs)
    setGoneTo(target.segmentIdx)
    requestAnimationFrame(() => {
      document
        .querySelector<HTMLButtonElement>(`.transcript [data-idx="${target.segmentIdx}"] button`)
        ?.focus({ preventScroll: true })
    })
  }

  if (error !== null) {
    return (
      <div className="screen">
        <a href="#/">← Library</a>
        <p className="error-text" role="alert">
          {error}
        </p>
      </div>
    )
  }
  if (recording === null) return <p className="screen muted">Loading…</p>

  const matching =
    query.trim() === ''
      ? 0
      : lines.filter((l) => highlightMatches(l.text, query).some((p) => p.match)).length
  return (
    <div className="screen recording-screen">
      <a href="#/" className="back">
        ← Library
      </a>
      <header className="screen-header">
        <div>
          <h1>{recording.title}</h1>
          <p className="muted">
            <span className={`status status-${recording.status}`}>
              {statusLabel[recording.status]}
            </span>
            {recording.format !== null && ` · ${recording.format}`}
            {recording.durationMs !== null && ` · ${formatClock(recording.durationMs)}`}
            {recording.language !== null && ` · ${recording.language}`}
            {` · ${lines.length} line${lines.length === 1 ? '' : 's'}`}
          </p>
          <p className="muted">
            <CallDateField recording={recording} onSaved={reload} />
          </p>
        </div>
        <ExportButtons id={recording.id} title={recording.title} />
      </header>
      {isActive(recording.status) && (
        <ProgressBar percent={recording.progress} label={`Transcribing ${recording.title}`} />
      )}
      {recording.error && (
        <p className="error-text" role="alert">
          {recording.error.message}
        </p>
      )}
      <div className="recording-body">
        <div className="recording-side">
          <MediaPlayer
            ref={player}
            src={window.earshot.mediaUrl(recording.id)}
            title={recording.title}
            onTime={setPlayingMs}
          />
          {derived.error !== null && (
            <p className="error-text" role="alert">
              {derived.error}
            </p>
          )}
          {recording.status === 'done' && <QualitySection quality={recording.quality} />}
          {derived.derived !== null && (
            <DerivedPanel
              derived={derived.derived}
              onRename={derived.rename}
              onGoTo={goTo}
              {...(recording.status === 'done' && {
                onMarkMe: derived.markMe,
                // The lines change speaker too: the transcript is read again with the panel.
                onMerge: (from, into) => derived.merge(from, into).then(reload),
              })}
            />
          )}
        </div>
        <section className="transcript-panel" aria-label="Transcript">
          <div className="transcript-tools">
            <input
              type="search"
              className="search-box"
              placeholder="Find in transcript"
              aria-label="Find in transcript"
              value={query}
              onChange={(event) => {
                setQuery(event.target.value)
              }}
            />
            {query.trim() !== '' && (
              <span className="muted" role="status">
                {matching} matching line{matching === 1 ? '' : 's'}
              </span>
            )}
          </div>
          <TranscriptView
            lines={lines}
            currentIdx={playingMs < 0 ? -1 : findCurrentLine(lines, playingMs)}
            query={query}
            focusIdx={goneTo ?? focusIdx}
            speakerName={speakerDisplayName(derived.derived?.speakers ?? [])}
            onSeek={(line) => {
              seek(line.startMs)
            }}
            {...(recording.status === 'done' && {
              // Signals, metrics and summary quote the text: the core derived them again.
              onEdit: (line, text) => editLine(line.idx, line.text, text).then(derived.reload),
              // Talk ratio, questions and signals are per speaker: derived again with the move.
              onMove: (line, speaker) => moveLine(line.idx, speaker).then(derived.reload),
              speakers: derived.derived?.speakers ?? [],
            })}
          />
        </section>
      </div>
    </div>
  )
}

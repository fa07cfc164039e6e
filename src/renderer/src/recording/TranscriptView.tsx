import { useEffect, useRef } from 'react'
import type { TranscriptLine } from '../../../shared/api'
import { formatClock } from '../format/formatClock'
import { Highlighted } from '../search/Highlighted'

export interface TranscriptViewProps {
  lines: readonly TranscriptLine[]
  currentIdx: number
  query: string
  /** A line to bring into view once (a search hit opened from the library). */
  focusIdx: number | null
  onSeek: (line: TranscriptLine) => void
  /** What to show for a speaker label: the name the user gave it, or the label. */
  speakerName?: (label: string) => string
}

export function TranscriptView({
  lines,
  currentIdx,
  query,
  focusIdx,
  onSeek,
  speakerName = (label) => label,
}: TranscriptViewProps) {
  const list = useRef<HTMLOListElement>(null)

  useEffect(() => {
    const target = currentIdx >= 0 ? currentIdx : focusIdx
    if (target === null || target < 0) return
    list.current
      ?.querySelector(`[data-idx="${target}"]`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [currentIdx, focusIdx])

  if (lines.length === 0) return <p className="muted">No transcript yet.</p>
  return (
    <ol className="transcript" ref={list} aria-label="Transcript">
      {lines.map((line, i) => (
        <li key={line.idx} data-idx={line.idx}>
          <button
            type="button"
            className={[
              'line',
              i === currentIdx ? 'current' : '',
              line.idx === focusIdx ? 'focused' : '',
            ].join(' ')}
            aria-current={i === currentIdx ? 'true' : undefined}
            onClick={() => {
              onSeek(line)
            }}
          >
            <span className="timestamp">{formatClock(line.startMs)}</span>
            {line.speaker !== undefined && (
              <span className="speaker">{speakerName(line.speaker)}</span>
            )}
            <span className="line-text">
              <Highlighted text={line.text.trim()} query={query} />
            </span>
          </button>
        </li>
      ))}
    </ol>
  )
}

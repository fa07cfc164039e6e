import { useEffect, useRef } from 'react'
import type { TranscriptLine } from '../../../shared/api'
import type { SpeakerView } from '../../../shared/derivedViews'
import { TranscriptLineItem } from './TranscriptLineItem'

export interface TranscriptViewProps {
  lines: readonly TranscriptLine[]
  currentIdx: number
  query: string
  /** A line to bring into view once (a search hit opened from the library). */
  focusIdx: number | null
  onSeek: (line: TranscriptLine) => void
  /** What to show for a speaker label: the name the user gave it, or the label. */
  speakerName?: (label: string) => string
  /** Saves a corrected line; absent while the transcript is unfinished (the core refuses then). */
  onEdit?: (line: TranscriptLine, text: string) => Promise<void>
  /** Moves a line to another speaker; absent while the transcript is unfinished. */
  onMove?: (line: TranscriptLine, speaker: string) => Promise<void>
  /** The speakers a line can be moved to. */
  speakers?: readonly SpeakerView[]
}

export function TranscriptView({
  lines,
  currentIdx,
  query,
  focusIdx,
  onSeek,
  speakerName = (label) => label,
  onEdit,
  onMove,
  speakers = [],
}: TranscriptViewProps) {
  const list = useRef<HTMLOListElement>(null)

  useEffect(() => {
    const target = currentIdx >= 0 ? currentIdx : focusIdx
    if (target === null || target < 0) return
    // Playback goes on while someone corrects a line; following it would scroll their editor away.
    if (list.current?.querySelector('.editing textarea:focus')) return
    list.current
      ?.querySelector(`[data-idx="${target}"]`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [currentIdx, focusIdx])

  if (lines.length === 0) return <p className="muted">No transcript yet.</p>
  return (
    <ol className="transcript" ref={list} aria-label="Transcript">
      {lines.map((line, i) => (
        <TranscriptLineItem
          key={line.idx}
          line={line}
          current={i === currentIdx}
          focused={line.idx === focusIdx}
          query={query}
          speakerName={speakerName}
          onSeek={onSeek}
          onEdit={onEdit}
          onMove={onMove}
          speakers={speakers}
        />
      ))}
    </ol>
  )
}

import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { RecordingView } from '../../../shared/api'
import { nextRowIndex } from './nextRowIndex'
import { RecordingRow } from './RecordingRow'

/** Fixed row pitch (row plus gap): rows never change height, so nothing jumps while scrolling. */
export const ROW_PITCH_PX = 76
const ROW_GAP_PX = 8

export interface RecordingListProps {
  recordings: readonly RecordingView[]
  onCancel: (id: string) => void
  onRetry: (id: string) => void
  onDelete: (recording: RecordingView) => void
}

/**
 * The library's rows, virtualized (@tanstack/react-virtual): only the rows in view and a few
 * either side are in the page, so 10,000 recordings scroll like 10. Arrow keys, Page keys and
 * Home/End move between rows; the moved-to row is scrolled in and focused.
 */
export function RecordingList({ recordings, onCancel, onRetry, onDelete }: RecordingListProps) {
  const scroller = useRef<HTMLDivElement>(null)
  const [activeIndex, setActiveIndex] = useState(0)
  const pendingFocus = useRef<number | null>(null)
  const count = recordings.length
  // The React Compiler is not used here; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PITCH_PX,
    overscan: 6,
    getItemKey: (index) => recordings[index]?.id ?? index,
  })

  const active = Math.min(activeIndex, Math.max(0, count - 1))

  // After a key moved the focus: once the target row is rendered, focus its link.
  useEffect(() => {
    const index = pendingFocus.current
    if (index === null) return
    const link = scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"] .row-title`)
    if (link) {
      pendingFocus.current = null
      link.focus({ preventScroll: true })
    }
  })

  const onKeyDown = (event: KeyboardEvent) => {
    const perPage = Math.floor((scroller.current?.clientHeight ?? 0) / ROW_PITCH_PX)
    const next = nextRowIndex(event.key, active, count, perPage)
    if (next === null) return
    event.preventDefault()
    pendingFocus.current = next
    setActiveIndex(next)
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }

  return (
    <div className="recordings-scroll" ref={scroller} data-testid="recordings-scroll">
      <ul
        className="recordings"
        aria-label={`Recordings (${count})`}
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const recording = recordings[item.index]
          if (recording === undefined) return null
          return (
            <RecordingRow
              key={item.key}
              recording={recording}
              position={item.index + 1}
              setSize={count}
              tabbable={item.index === active}
              style={{
                transform: `translateY(${item.start}px)`,
                height: ROW_PITCH_PX - ROW_GAP_PX,
              }}
              onFocusRow={() => {
                setActiveIndex(item.index)
              }}
              onCancel={onCancel}
              onRetry={onRetry}
              onDelete={onDelete}
            />
          )
        })}
      </ul>
    </div>
  )
}

import { useRef, useState, type DragEvent } from 'react'
import type { PickedFile } from '../../../shared/api'

/** Drop files here or pick them with the button (the keyboard's way in). */
export function DropZone({ onFiles }: { onFiles: (files: PickedFile[]) => void }) {
  const input = useRef<HTMLInputElement>(null)
  const [over, setOver] = useState(false)

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setOver(false)
    const files = Array.from(event.dataTransfer.files)
    if (files.length > 0) onFiles(files)
  }

  return (
    <section
      className={over ? 'dropzone over' : 'dropzone'}
      aria-label="Import recordings"
      onDragOver={(event) => {
        event.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => {
        setOver(false)
      }}
      onDrop={onDrop}
    >
      <p className="dropzone-title">Drop call recordings here</p>
      <p className="muted">
        Audio or video, as many as you like. They are transcribed on this device.
      </p>
      <button type="button" className="primary" onClick={() => input.current?.click()}>
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept="audio/*,video/*,.mkv,.m4a,.opus"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Recording files"
        data-testid="file-input"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? [])
          event.target.value = ''
          if (files.length > 0) onFiles(files)
        }}
      />
    </section>
  )
}

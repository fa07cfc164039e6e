import { useState } from 'react'
import { transcriptFormats, type TranscriptFormat } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'
import { downloadText } from './downloadText'

const mimeTypes: Record<TranscriptFormat, string> = {
  txt: 'text/plain',
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
  json: 'application/json',
}

export function ExportButtons({ id, title }: { id: string; title: string }) {
  const [error, setError] = useState<string | null>(null)
  const exportAs = (format: TranscriptFormat) => {
    call('transcript.export', { id, format }).then(
      (text) => {
        setError(null)
        downloadText(text, `${title}.${format}`, mimeTypes[format])
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }
  return (
    <div className="export" role="group" aria-label="Export transcript">
      <span className="muted">Export</span>
      {transcriptFormats.map((format) => (
        <button
          key={format}
          type="button"
          onClick={() => {
            exportAs(format)
          }}
        >
          {format.toUpperCase()}
        </button>
      ))}
      {error !== null && <p className="error-text">{error}</p>}
    </div>
  )
}

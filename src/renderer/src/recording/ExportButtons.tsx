import { useState } from 'react'
import {
  binaryTranscriptFormats,
  transcriptFormats,
  type TranscriptFormat,
} from '../../../shared/api'
import { call, messageOf } from '../bridge/call'
import { downloadText } from './downloadText'

const mimeTypes: Record<TranscriptFormat, string> = {
  txt: 'text/plain',
  srt: 'application/x-subrip',
  vtt: 'text/vtt',
  json: 'application/json',
  md: 'text/markdown',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  // NIST RTTM is plain text with no registered media type.
  rttm: 'text/plain',
}

/** `transcript.export` answers binary formats (Word) in base64, to fit the JSON transports. */
function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

export function ExportButtons({ id, title }: { id: string; title: string }) {
  const [error, setError] = useState<string | null>(null)
  const exportAs = (format: TranscriptFormat) => {
    call('transcript.export', { id, format }).then(
      (document) => {
        setError(null)
        const content = binaryTranscriptFormats.includes(format) ? fromBase64(document) : document
        downloadText(content, `${title}.${format}`, mimeTypes[format])
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

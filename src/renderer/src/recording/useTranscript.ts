import { useCallback, useEffect, useState } from 'react'
import type { RecordingView, TranscriptLine } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'
import { applyJobEvent } from '../library/applyJobEvent'

export interface TranscriptState {
  recording: RecordingView | null
  lines: TranscriptLine[]
  error: string | null
}

/** One recording and its transcript, growing line by line while it is being transcribed. */
export function useTranscript(id: string): TranscriptState {
  const [state, setState] = useState<TranscriptState>({ recording: null, lines: [], error: null })

  const load = useCallback(() => {
    Promise.all([call('recordings.get', { id }), call('recordings.segments', { id })]).then(
      ([recording, lines]) => {
        setState({ recording, lines, error: null })
      },
      (error: unknown) => {
        setState((s) => ({ ...s, error: messageOf(error) }))
      },
    )
  }, [id])

  useEffect(() => {
    load()
    return window.earshot.onJobEvent((event) => {
      if (event.recordingId !== id) return
      if (event.type === 'finished') {
        load()
        return
      }
      setState((s) => {
        const lines =
          event.type === 'segment' && !s.lines.some((l) => l.idx === event.segment.idx)
            ? [...s.lines, event.segment]
            : s.lines
        const recording = s.recording && (applyJobEvent([s.recording], event)?.[0] ?? s.recording)
        return { ...s, recording, lines }
      })
    })
  }, [id, load])

  return state
}

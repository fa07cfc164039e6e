import { useCallback, useEffect, useState } from 'react'
import type { RecordingView, TranscriptLine } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'
import { applyJobEvent } from '../library/applyJobEvent'
import { replaceLineText } from './replaceLineText'

export interface TranscriptState {
  recording: RecordingView | null
  lines: TranscriptLine[]
  error: string | null
}

export interface Transcript extends TranscriptState {
  /**
   * Saves a corrected line. The line shows `text` at once; it takes the stored text when saved and
   * goes back to `previous` when refused, and the promise rejects with the reason.
   */
  editLine: (idx: number, previous: string, text: string) => Promise<void>
  /** Moves a line to another speaker label; the line shows it once the core stored it. */
  moveLine: (idx: number, speaker: string) => Promise<void>
  /** Reads the recording and its lines again (speakers were merged, its call date changed). */
  reload: () => void
}

/** One recording and its transcript, growing line by line while it is being transcribed. */
export function useTranscript(id: string): Transcript {
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
      if (event.type === 'model-download' || event.recordingId !== id) return
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

  const editLine = useCallback(
    async (idx: number, previous: string, text: string) => {
      setState((s) => ({ ...s, lines: replaceLineText(s.lines, idx, text) }))
      try {
        const saved = await call('segments.edit', { id, idx, text })
        setState((s) => ({ ...s, lines: replaceLineText(s.lines, idx, saved.text, text) }))
      } catch (error) {
        setState((s) => ({ ...s, lines: replaceLineText(s.lines, idx, previous, text) }))
        throw error
      }
    },
    [id],
  )

  const moveLine = useCallback(
    async (idx: number, speaker: string) => {
      const moved = await call('segments.setSpeaker', { id, idx, speaker })
      setState((s) => ({ ...s, lines: s.lines.map((l) => (l.idx === idx ? moved : l)) }))
    },
    [id],
  )

  return { ...state, editLine, moveLine, reload: load }
}

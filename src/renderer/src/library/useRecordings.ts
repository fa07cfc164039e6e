import { useCallback, useEffect, useState } from 'react'
import type { RecordingView } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'
import { applyJobEvent } from './applyJobEvent'

export interface RecordingsState {
  recordings: RecordingView[] | null
  error: string | null
  refresh: () => void
}

/** The library's recordings, kept live by job events (status and progress without polling). */
export function useRecordings(): RecordingsState {
  const [recordings, setRecordings] = useState<RecordingView[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const refresh = useCallback(() => {
    call('recordings.list', undefined).then(
      (list) => {
        setRecordings(list)
        setError(null)
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }, [])

  useEffect(() => {
    refresh()
    return window.earshot.onJobEvent((event) => {
      if (event.type === 'model-download') return
      setRecordings((list) => (list === null ? list : (applyJobEvent(list, event) ?? list)))
      // Status changes are few and may concern a recording imported from elsewhere; finished
      // jobs carry the final error text. A fresh list is cheap and exact.
      if (event.type === 'status' || event.type === 'finished') refresh()
    })
  }, [refresh])

  return { recordings, error, refresh }
}

import { useCallback, useEffect, useState } from 'react'
import type { RecordingDerived } from '../../../shared/derivedViews'
import { call, messageOf } from '../bridge/call'

export interface DerivedState {
  derived: RecordingDerived | null
  error: string | null
  /** Saves a speaker's name ('' removes it); rejects with the reason when it could not. */
  rename: (label: string, name: string) => Promise<void>
  /** "This is me": the speaker's voice becomes the user's profile and they are named "You". */
  markMe: (label: string) => Promise<void>
  /** Every line of `from` becomes `into`; signals and metrics are derived again. */
  merge: (from: string, into: string) => Promise<void>
  /** Reads them again (a line's text or speaker changed, so the core derived them again). */
  reload: () => void
}

/** A recording's signals, metrics, summary and speakers, read again when its job finishes. */
export function useDerived(id: string): DerivedState {
  const [state, setState] = useState<{ derived: RecordingDerived | null; error: string | null }>({
    derived: null,
    error: null,
  })

  const load = useCallback(() => {
    call('recordings.derived', { id }).then(
      (derived) => {
        setState({ derived, error: null })
      },
      (error: unknown) => {
        setState({ derived: null, error: messageOf(error) })
      },
    )
  }, [id])

  useEffect(() => {
    load()
    return window.earshot.onJobEvent((event) => {
      if (event.type === 'finished' && event.recordingId === id) load()
    })
  }, [id, load])

  const rename = useCallback(
    async (label: string, name: string) => {
      const speakers = await call('speakers.rename', { id, label, name })
      setState((s) => (s.derived ? { ...s, derived: { ...s.derived, speakers } } : s))
    },
    [id],
  )

  const markMe = useCallback(
    async (label: string) => {
      await call('voiceProfile.set', { id, label })
      load()
    },
    [id, load],
  )

  const merge = useCallback(
    async (from: string, into: string) => {
      await call('speakers.merge', { id, from, into })
      load()
    },
    [id, load],
  )

  return { ...state, rename, markMe, merge, reload: load }
}

import { useCallback, useState } from 'react'
import { call, messageOf } from '../bridge/call'

export interface RedactionToggle {
  busyId: string | null
  error: string | null
  /** Sends the item's original (`revert`) or redacts it again, then calls `onChanged`. */
  toggle: (redactionId: string, revert: boolean) => void
}

/** Per-item revert and restore of one recording's upload redactions. */
export function useRedactionToggle(id: string, onChanged: () => void): RedactionToggle {
  const [busyId, setBusyId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const toggle = useCallback(
    (redactionId: string, revert: boolean) => {
      setBusyId(redactionId)
      call(revert ? 'redactions.revert' : 'redactions.restore', { id, redactionId })
        .then(
          () => {
            setError(null)
            onChanged()
          },
          (failure: unknown) => {
            setError(messageOf(failure))
          },
        )
        .finally(() => {
          setBusyId(null)
        })
    },
    [id, onChanged],
  )
  return { busyId, error, toggle }
}

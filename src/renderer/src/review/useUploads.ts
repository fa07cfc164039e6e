import { useCallback, useEffect, useState } from 'react'
import type { UploadStatusView } from '../../../shared/uploadViews'
import { call, messageOf } from '../bridge/call'

const POLL_MS = 1000

export interface UploadsState {
  uploads: UploadStatusView[] | null
  error: string | null
  refresh: () => void
}

/**
 * Finished recordings and their upload state. While `watching` (a send is under way, which may
 * wait out retries), the list is read again every second so queued → sending → done shows live.
 */
export function useUploads(watching: boolean): UploadsState {
  const [uploads, setUploads] = useState<UploadStatusView[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const refresh = useCallback(() => {
    call('uploads.list', undefined).then(
      (list) => {
        setUploads(list)
        setError(null)
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }, [])

  useEffect(() => {
    refresh()
  }, [refresh])

  useEffect(() => {
    if (!watching) return
    const timer = setInterval(refresh, POLL_MS)
    return () => {
      clearInterval(timer)
    }
  }, [watching, refresh])

  return { uploads, error, refresh }
}

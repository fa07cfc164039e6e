import { useCallback, useEffect, useState } from 'react'
import type { UploadPreview } from '../../../shared/uploadViews'
import { call, messageOf } from '../bridge/call'

/** What an upload of `id` would send now, read again on `reload` (after a send or a settings change). */
export function usePreview(id: string): {
  preview: UploadPreview | null
  error: string | null
  reload: () => void
} {
  const [state, setState] = useState<{ preview: UploadPreview | null; error: string | null }>({
    preview: null,
    error: null,
  })
  const reload = useCallback(() => {
    call('uploads.preview', { id }).then(
      (preview) => {
        setState({ preview, error: null })
      },
      (failure: unknown) => {
        setState({ preview: null, error: messageOf(failure) })
      },
    )
  }, [id])
  useEffect(reload, [reload])
  return { ...state, reload }
}

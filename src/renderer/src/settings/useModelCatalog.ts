import { useCallback, useEffect, useState } from 'react'
import type { ModelChoice, ModelDownloadView } from '../../../shared/backendViews'
import { call, messageOf } from '../bridge/call'

/**
 * The model catalogue, with each model's in-app download kept live from `model-download` events;
 * the list is fetched again when a download ends (the file is there now, or its partial changed).
 */
export function useModelCatalog(onModelSet: () => void) {
  const [models, setModels] = useState<ModelChoice[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const refresh = useCallback(() => {
    call('models.catalog', undefined).then(setModels, (failure: unknown) => {
      setError(messageOf(failure))
    })
  }, [])

  useEffect(() => {
    refresh()
    return window.earshot.onJobEvent((event) => {
      if (event.type !== 'model-download') return
      const download: ModelDownloadView = event.download
      setModels((list) =>
        list === null
          ? list
          : list.map((model) => (model.name === download.name ? { ...model, download } : model)),
      )
      if (download.state === 'downloading') return
      refresh()
      if (download.state === 'done') onModelSet()
    })
  }, [refresh, onModelSet])

  const start = (name: string) => {
    setError(null)
    call('models.download', { name }).then(
      (download) => {
        setModels((list) => list?.map((m) => (m.name === name ? { ...m, download } : m)) ?? list)
      },
      (failure: unknown) => {
        setError(messageOf(failure))
      },
    )
  }

  const cancel = (name: string) => {
    call('models.cancelDownload', { name }).catch((failure: unknown) => {
      setError(messageOf(failure))
    })
  }

  return { models, error, start, cancel }
}

import { useCallback, useState } from 'react'
import type { PickedFile } from '../../../shared/api'
import { call, messageOf } from '../bridge/call'

export interface PendingImport {
  key: number
  name: string
  phase: 'uploading' | 'importing' | 'failed' | 'duplicate'
  message: string | null
}

let nextKey = 0

/**
 * Files on their way in: handed to the core one at a time (so the first starts transcribing while
 * the rest upload), then dropped from this list once the library shows them as recordings.
 */
export function useImports(onImported: () => void): {
  pending: PendingImport[]
  add: (files: readonly PickedFile[]) => void
  dismiss: (key: number) => void
} {
  const [pending, setPending] = useState<PendingImport[]>([])

  const update = useCallback((key: number, change: Partial<PendingImport> | null) => {
    setPending((list) =>
      change === null
        ? list.filter((p) => p.key !== key)
        : list.map((p) => (p.key === key ? { ...p, ...change } : p)),
    )
  }, [])

  const importOne = useCallback(
    async (key: number, file: PickedFile) => {
      const staged = await window.earshot.stageFile(file)
      if (!staged.ok) {
        update(key, { phase: 'failed', message: staged.error.message })
        return
      }
      update(key, { phase: 'importing' })
      try {
        const [outcome] = await call('recordings.import', { sourceIds: [staged.value.sourceId] })
        if (outcome?.error) update(key, { phase: 'failed', message: outcome.error.message })
        else if (outcome?.duplicate)
          update(key, { phase: 'duplicate', message: 'Already in the library.' })
        else update(key, null)
      } catch (error) {
        update(key, { phase: 'failed', message: messageOf(error) })
      }
      onImported()
    },
    [onImported, update],
  )

  const add = useCallback(
    (files: readonly PickedFile[]) => {
      const entries = files.map((file) => ({ key: nextKey++, file }))
      setPending((list) => [
        ...list,
        ...entries.map(({ key, file }) => ({
          key,
          name: file.name,
          phase: 'uploading' as const,
          message: null,
        })),
      ])
      void entries.reduce(
        (previous, { key, file }) => previous.then(() => importOne(key, file)),
        Promise.resolve(),
      )
    },
    [importOne],
  )

  const dismiss = useCallback(
    (key: number) => {
      update(key, null)
    },
    [update],
  )

  return { pending, add, dismiss }
}

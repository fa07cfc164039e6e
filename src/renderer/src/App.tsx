import { useEffect, useState } from 'react'
import type { RecordingSummary } from '../../shared/domain'

export function App() {
  const [recordings, setRecordings] = useState<RecordingSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    void window.earshot['recordings.list']().then((result) => {
      if (result.ok) setRecordings(result.value)
      else setError(result.error.message)
    })
  }, [])

  return (
    <main>
      <h1>Earshot</h1>
      {error !== null && <p role="alert">{error}</p>}
      {recordings === null ? (
        <p>Loading…</p>
      ) : (
        <p>
          {recordings.length} recording{recordings.length === 1 ? '' : 's'}
        </p>
      )}
    </main>
  )
}

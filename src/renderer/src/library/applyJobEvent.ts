import type { RecordingJobEvent, RecordingView } from '../../../shared/api'

/**
 * A job event folded into the listed recordings. `null` means the event is about a recording the
 * list does not hold yet (just imported elsewhere): the caller fetches the list again.
 */
export function applyJobEvent(
  recordings: readonly RecordingView[],
  event: RecordingJobEvent,
): RecordingView[] | null {
  const index = recordings.findIndex((r) => r.id === event.recordingId)
  if (index < 0) return null
  const current = recordings[index]
  if (current === undefined) return null
  let next: RecordingView
  switch (event.type) {
    case 'status':
      next = { ...current, status: event.status, error: null }
      break
    case 'progress':
      next = {
        ...current,
        progress: Math.max(current.progress, event.percent),
        // A transcribing row is no longer in the queue; its time left is the runner's latest.
        queuePosition: null,
        secondsLeft: event.secondsLeft ?? null,
      }
      break
    case 'finished':
      next = {
        ...current,
        status: event.status,
        error: event.error,
        progress: event.status === 'done' ? 100 : current.progress,
        secondsLeft: null,
        processingMs: event.processingMs ?? null,
      }
      break
    case 'segment':
      return [...recordings]
  }
  const copy = [...recordings]
  copy[index] = next
  return copy
}

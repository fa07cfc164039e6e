import type { SignalFoundData, UploadReceivedData } from '../../shared/delivery'
import type { TranscriptUpload } from '../../shared/upload'

/**
 * What an `upload.received` event carries, built from the upload the server stored and nothing
 * else (issue 12: forward only what was received): its summary and signals, not its segments, and
 * the title only when the upload held one.
 */
export function uploadReceivedData(upload: TranscriptUpload, member: string): UploadReceivedData {
  return {
    recordingId: upload.recordingId,
    member,
    ...(upload.title !== undefined && { title: upload.title }),
    durationMs: upload.durationMs,
    language: upload.language,
    createdAt: upload.createdAt,
    summary: upload.summary,
    signals: upload.signals.map((signal) => ({
      tracker: signal.tracker,
      phrase: signal.phrase,
      quote: signal.quote,
      ...(signal.speaker !== undefined && { speaker: signal.speaker }),
      startMs: signal.startMs,
    })),
  }
}

/** One `signal.found` event per signal of the upload. */
export function signalFoundData(upload: TranscriptUpload, member: string): SignalFoundData[] {
  return uploadReceivedData(upload, member).signals.map((signal) => ({
    recordingId: upload.recordingId,
    member,
    signal,
  }))
}

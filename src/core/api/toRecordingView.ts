import { extname } from 'node:path'
import type { RecordingView } from '../../shared/api'
import type { CallQuality } from '../../shared/quality'
import type { RecordingRow } from '../store/RecordingStore'

/** Where a recording's job stands beside its row: the queue, the runner, the job's timing. */
export interface JobTimes {
  queuePositions: ReadonlyMap<string, number>
  processingTimes: ReadonlyMap<string, number>
  secondsLeft: (recordingId: string) => number | null
}

/** What a row shows beside the recording itself, read in bulk for the list (`RecordingFacts`). */
export interface RecordingFacts {
  counts: { speakers: number; signals: number } | undefined
  quality: CallQuality | null
}

/**
 * The row as the UI may see it: `sourcePath` and the content hash stay in the core. Only the file
 * name's extension leaves it, as the format ('MP3'), falling back to ffmpeg's first demuxer name.
 */
export function toRecordingView(
  row: RecordingRow,
  facts: RecordingFacts,
  times?: JobTimes,
): RecordingView {
  const extension = extname(row.sourcePath).slice(1)
  const format = /^[a-z0-9]{1,8}$/i.test(extension)
    ? extension.toUpperCase()
    : (row.container?.split(',')[0]?.toUpperCase() ?? null)
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    durationMs: row.durationMs === null ? null : Math.round(row.durationMs),
    container: row.container,
    importedAt: row.importedAt,
    error: row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? '' },
    progress: Math.min(100, Math.max(0, row.progress)),
    language: row.language,
    secondsLeft: row.status === 'transcribing' ? (times?.secondsLeft(row.id) ?? null) : null,
    queuePosition: row.status === 'queued' ? (times?.queuePositions.get(row.id) ?? null) : null,
    processingMs: row.status === 'done' ? (times?.processingTimes.get(row.id) ?? null) : null,
    format,
    callDate: row.callDate,
    speakerCount: facts.counts?.speakers ?? null,
    signalCount: facts.counts?.signals ?? null,
    quality: facts.quality,
  }
}

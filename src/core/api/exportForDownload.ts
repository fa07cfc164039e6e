import type { Input } from '../../shared/api'
import type { Core } from '../app'
import { exportTranscript } from '../export/exportTranscript'
import { speakerTurns } from '../export/speakerTurns'
import type { TranscriptExtras } from '../export/TranscriptDocument'
import type { RecordingRow } from '../store/RecordingStore'

/**
 * `transcript.export`: the same documents as `earshot show --format`, with the speakers' names the
 * user gave, and (in md and docx) the summary, key moments and signals. Bytes (docx) travel as
 * base64 so they fit the JSON transports; the renderer turns them back into a file download.
 * Local exports keep the original text: redaction applies to uploads.
 */
export async function exportForDownload(
  core: Core,
  recording: RecordingRow,
  format: Input<'transcript.export'>['format'],
): Promise<string> {
  const names = core.derived.speakerNames(recording.id)
  const segments = core.recordings.segments(recording.id).map((segment) => ({
    ...segment,
    speaker: segment.speaker === null ? null : (names[segment.speaker] ?? segment.speaker),
  }))
  const { signals, summary } = core.derived.derived(recording.id)
  const extras: TranscriptExtras = {
    quality: core.quality.get(recording.id),
    summary: summary?.text ?? null,
    keyMoments: (summary?.keyMoments ?? []).map((m) => ({ startMs: m.startMs, text: m.sentence })),
    signals: signals.map((s) => ({
      ...s,
      ...(s.speaker !== undefined && { speaker: names[s.speaker] ?? s.speaker }),
    })),
    turns: speakerTurns(
      core.recordings.segments(recording.id),
      names,
      core.recordings.channelEnergy(recording.id),
    ),
  }
  const document = await exportTranscript(recording, segments, format, extras)
  return typeof document === 'string' ? document : Buffer.from(document).toString('base64')
}

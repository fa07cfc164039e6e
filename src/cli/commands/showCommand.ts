import { parseArgs } from 'node:util'
import {
  formatTranscript,
  transcriptFormats,
  type TranscriptFormat,
} from '../../core/export/formatTranscript'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { resolveRecording } from '../resolveRecording'

/** `earshot show <id> [--format txt|srt|vtt|json]` */
export function showCommand(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'txt' } },
    allowPositionals: true,
  })
  const [id, ...extra] = positionals
  if (id === undefined || extra.length > 0) throw new UsageError('show takes one recording id')
  const format = ctx.flags.json ? 'json' : values.format
  if (!(transcriptFormats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${transcriptFormats.join(', ')}`)
  }
  const core = ctx.openCore()
  const recording = resolveRecording(core.recordings, id)
  ctx.io.stdout.write(
    formatTranscript(recording, core.recordings.segments(recording.id), format as TranscriptFormat),
  )
  return 0
}

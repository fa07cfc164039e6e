import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { speakerName } from '../../core/derive/applySpeakerNames'
import { derivedExtras } from '../../core/export/derivedExtras'
import { exportTranscript } from '../../core/export/exportTranscript'
import { exportFormats, isExportFormat } from '../../core/export/formatTranscript'
import { speakerTurns } from '../../core/export/speakerTurns'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { resolveRecording } from '../resolveRecording'
import type { CommandHelp } from '../commandHelp'

/** `earshot show <id> [--format txt|srt|vtt|json|md|docx|rttm] [--out FILE]` */
export async function showCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string', default: 'txt' }, out: { type: 'string' } },
    allowPositionals: true,
  })
  const [id, ...extra] = positionals
  if (id === undefined || extra.length > 0) throw new UsageError('show takes one recording id')
  const format = ctx.flags.json ? 'json' : values.format
  if (!isExportFormat(format)) {
    throw new UsageError(`--format must be one of ${exportFormats.join(', ')}`)
  }
  // A Word file is bytes: they go to a file or a pipe, never onto a terminal.
  if (format === 'docx' && values.out === undefined && ctx.io.stdout.isTTY === true) {
    throw new UsageError('--format docx writes binary: add --out FILE or redirect the output')
  }
  const core = ctx.openCore()
  const recording = resolveRecording(core.recordings, id)
  // Speakers under the names the user gave them, in every format; md and docx add the summary,
  // key moments and signals derivation stored.
  const names = core.derived.speakerNames(recording.id)
  const stored = core.recordings.segments(recording.id)
  const segments = stored.map((s) => ({
    ...s,
    speaker: s.speaker === null ? null : speakerName(names, s.speaker),
  }))
  // Turns: each channel's voice activity for a two-channel recording, else the labelled lines.
  const turns = speakerTurns(stored, names, core.recordings.channelEnergy(recording.id))
  const document = await exportTranscript(recording, segments, format, {
    ...derivedExtras(core.derived.derived(recording.id), names, core.quality.get(recording.id)),
    turns,
  })
  if (values.out === undefined) {
    ctx.io.stdout.write(document)
    return 0
  }
  const out = resolve(values.out)
  writeFileSync(out, document)
  const bytes = typeof document === 'string' ? Buffer.byteLength(document) : document.byteLength
  ctx.print(`${format} written to ${out} (${bytes} bytes)\n`, { out, format, bytes })
  return 0
}

/** `earshot show --help` and `earshot help show`. */
export const showHelp: CommandHelp = {
  usage: ['show <id> [--format txt|srt|vtt|json|md|docx|rttm] [--out FILE]'],
  summary: "Print a recording's transcript, or write it to a file.",
  flags: [
    { flag: '--format F', description: 'txt (default), srt, vtt, json, md, docx or rttm' },
    { flag: '--out FILE', description: 'write to FILE instead of stdout (needed for docx)' },
  ],
  examples: ['show 3f2a --format srt', 'show 3f2a --format docx --out call.docx'],
}

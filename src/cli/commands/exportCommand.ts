import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { exportAllData } from '../../core/export/exportAllData'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import type { CommandHelp } from '../commandHelp'

/** `earshot export --all --out FILE`: everything Earshot holds about the user, as one zip. */
export function exportCommand(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { all: { type: 'boolean', default: false }, out: { type: 'string' } },
    allowPositionals: true,
  })
  if (!values.all || positionals.length > 0) {
    throw new UsageError(
      'export takes --all --out FILE (one recording: earshot show <id> --format …)',
    )
  }
  if (values.out === undefined || values.out === '') throw new UsageError('export needs --out FILE')
  const out = resolve(values.out)
  const manifest = exportAllData(ctx.openCore(), out)
  const { counts } = manifest
  ctx.print(
    `${out}: ${counts.recordings} recordings, ${counts.segments} segments, ${counts.signals} signals, ` +
      `${counts.uploads} uploads, ${counts.deletions} deletions, ${counts.auditEntries} audit entries\n`,
    { out, ...manifest },
  )
  return 0
}

/** `earshot export --help` and `earshot help export`. */
export const exportHelp: CommandHelp = {
  usage: ['export --all --out FILE'],
  summary: 'Everything Earshot holds about you, as one zip archive.',
  flags: [
    { flag: '--all', description: 'everything (the only scope there is)' },
    { flag: '--out FILE', description: 'the zip file to write' },
  ],
  examples: ['export --all --out earshot-export.zip'],
}

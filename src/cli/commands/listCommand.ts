import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import type { CliContext } from '../context'
import { formatDuration } from '../../shared/formatDuration'
import type { CommandHelp } from '../commandHelp'

/** `earshot list` */
export function listCommand(ctx: CliContext, args: string[]): number {
  parseArgs({ args, options: {} })
  const core = ctx.openCore()
  const rows = core.recordings.list()
  const quality = core.quality.all()
  const human = rows
    .map((r) =>
      [
        r.id,
        r.status.padEnd(12),
        (r.durationMs === null ? '' : formatDuration(r.durationMs)).padStart(8),
        (r.callDate ?? r.importedAt).slice(0, 16).replace('T', ' '),
        (quality.get(r.id)?.verdict ?? 'not measured').padEnd(16),
        `${r.title}${extname(r.sourcePath)}`,
      ].join('  '),
    )
    .join('\n')
  ctx.print(
    rows.length === 0
      ? 'No recordings yet. Import one with `earshot import FILE`.\n'
      : human + '\n',
    rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      progress: r.progress,
      durationMs: r.durationMs,
      container: r.container,
      channels: r.channels,
      importedAt: r.importedAt,
      callDate: r.callDate,
      format: extname(r.sourcePath).slice(1).toLowerCase() || null,
      quality: quality.get(r.id) ?? null,
      error: r.errorCode === null ? null : { code: r.errorCode, message: r.errorMessage },
    })),
  )
  return 0
}

/** `earshot list --help` and `earshot help list`. */
export const listHelp: CommandHelp = {
  usage: ['list'],
  summary:
    'List recordings: id, status, duration, call date (else import time), call quality and file name.',
  flags: [],
  examples: ['list', 'list --json'],
}

import { parseArgs } from 'node:util'
import type { CliContext } from '../context'
import { formatDuration } from '../../shared/formatDuration'
import type { CommandHelp } from '../commandHelp'

/** `earshot list` */
export function listCommand(ctx: CliContext, args: string[]): number {
  parseArgs({ args, options: {} })
  const rows = ctx.openCore().recordings.list()
  const human = rows
    .map((r) =>
      [
        r.id,
        r.status.padEnd(12),
        (r.durationMs === null ? '' : formatDuration(r.durationMs)).padStart(8),
        r.importedAt.slice(0, 16).replace('T', ' '),
        r.title,
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
      error: r.errorCode === null ? null : { code: r.errorCode, message: r.errorMessage },
    })),
  )
  return 0
}

/** `earshot list --help` and `earshot help list`. */
export const listHelp: CommandHelp = {
  usage: ['list'],
  summary: 'List recordings: id, status, duration, import time and title.',
  flags: [],
  examples: ['list', 'list --json'],
}

import { parseArgs } from 'node:util'
import { ShareableStore } from '../../core/store/ShareableStore'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { resolveRecording } from '../resolveRecording'
import type { CommandHelp } from '../commandHelp'

/**
 * `earshot share <id>… [--off]` · `earshot share --list`: which recordings `earshot mcp` may show
 * when `mcp.scope` is `shareable`. Marking says nothing about the other scopes, which do not look
 * at it. --json prints `{shareable: [ids]}` for --list, `{ids, shareable}` otherwise.
 */
export function shareCommand(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      off: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  })
  const core = ctx.openCore()
  const shareable = new ShareableStore(core.db)
  if (values.list) {
    if (positionals.length > 0 || values.off) throw new UsageError('share --list takes no ids')
    const ids = [...shareable.ids()].sort()
    ctx.print(ids.length === 0 ? 'No recording is marked shareable.\n' : ids.join('\n') + '\n', {
      shareable: ids,
    })
    return 0
  }
  if (positionals.length === 0) throw new UsageError('name the recordings: share <id>… [--off]')
  const ids = positionals.map((id) => resolveRecording(core.recordings, id).id)
  core.db.transaction(() => {
    for (const id of ids) {
      if (values.off) shareable.unmark(id)
      else shareable.mark(id)
    }
  })()
  const state = values.off ? 'not shareable' : 'shareable'
  ctx.print(ids.map((id) => `${id} ${state}\n`).join(''), { ids, shareable: !values.off })
  return 0
}

/** `earshot share --help` and `earshot help share`. */
export const shareHelp: CommandHelp = {
  usage: ['share <id>… [--off]', 'share --list'],
  summary: 'Mark recordings that LLM clients may see when mcp.scope is "shareable".',
  flags: [
    { flag: '--off', description: 'unmark them instead' },
    { flag: '--list', description: 'print the ids of the marked recordings' },
  ],
  examples: ['share 3f2a 9c1d', 'share --list --json'],
}

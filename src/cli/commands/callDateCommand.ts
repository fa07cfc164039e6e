import type { CliContext } from '../context'
import { dateFlag } from '../dateFlag'
import { UsageError } from '../errors'
import { resolveRecording } from '../resolveRecording'
import type { CommandHelp } from '../commandHelp'

const USAGE = 'call-date <id> [WHEN]'

/**
 * `earshot call-date <id> [WHEN]`: when the call happened, which Insights group by. Without WHEN
 * it prints it; with WHEN (a day or an ISO time) it corrects it, as the Recording screen does.
 */
export function callDateCommand(ctx: CliContext, args: string[]): number {
  const [id, when, ...extra] = args
  if (id === undefined || extra.length > 0) throw new UsageError(USAGE)
  const core = ctx.openCore()
  const recording = resolveRecording(core.recordings, id)
  if (when !== undefined) core.recordings.setCallDate(recording.id, dateFlag('WHEN', when, 0))
  const callDate = core.recordings.get(recording.id)?.callDate ?? null
  ctx.print(
    callDate === null
      ? `${recording.id}: no call date (Insights use the import time, ${recording.importedAt})\n`
      : `${recording.id}: ${callDate}\n`,
    { id: recording.id, callDate, importedAt: recording.importedAt },
  )
  return 0
}

/** `earshot call-date --help` and `earshot help call-date`. */
export const callDateHelp: CommandHelp = {
  usage: [USAGE],
  summary: 'Show or correct when a call happened (Insights group calls by it).',
  flags: [],
  examples: ['call-date 3f2a', 'call-date 3f2a 2025-03-01', 'call-date 3f2a 2025-03-01T09:30Z'],
}

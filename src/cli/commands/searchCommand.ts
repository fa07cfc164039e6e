import { parseArgs } from 'node:util'
import { toFtsQuery } from '../../core/store/toFtsQuery'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { formatDuration } from '../formatDuration'

/** `earshot search <query…> [--limit N]` */
export function searchCommand(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { limit: { type: 'string', default: '50' } },
    allowPositionals: true,
  })
  const query = toFtsQuery(positionals.join(' '))
  if (query === null) throw new UsageError('search needs at least one word')
  const limit = Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new UsageError('--limit takes a whole number from 1 to 1000')
  }
  const hits = ctx.openCore().recordings.search(query, limit)
  ctx.print(
    hits
      .map(
        (h) =>
          `${h.recordingId}  ${formatDuration(h.startMs).padStart(8)}  ${h.title}: ${h.snippet}\n`,
      )
      .join(''),
    hits,
  )
  return 0
}

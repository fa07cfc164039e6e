import { parseArgs } from 'node:util'
import type { SearchFilters } from '../../core/store/RecordingStore'
import { toFtsQuery } from '../../core/store/toFtsQuery'
import type { CliContext } from '../context'
import { dateFlag } from '../dateFlag'
import { UsageError } from '../errors'
import { formatPosition } from '../../shared/formatDuration'
import type { CommandHelp } from '../commandHelp'

/**
 * `earshot search <words…> [--limit N] [--from DATE] [--to DATE] [--speaker NAME] [--tracker ID]`.
 * Dates are days (UTC) or ISO instants on the recording's import time; --to includes its day.
 * --json prints the hits as before, each now also with `speaker` and `ranked` (false when the query
 * was too common to rank and the hits are in recency order).
 */
export function searchCommand(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      limit: { type: 'string', default: '50' },
      from: { type: 'string' },
      to: { type: 'string' },
      speaker: { type: 'string' },
      tracker: { type: 'string' },
    },
    allowPositionals: true,
  })
  const query = toFtsQuery(positionals.join(' '))
  if (query === null) throw new UsageError('search needs at least one word')
  const limit = Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new UsageError('--limit takes a whole number from 1 to 1000')
  }
  const filters: SearchFilters = {
    ...(values.from !== undefined && { from: dateFlag('--from', values.from, 0) }),
    ...(values.to !== undefined && { to: dateFlag('--to', values.to, 1) }),
    ...(values.speaker !== undefined && { speaker: nonEmpty('--speaker', values.speaker) }),
    ...(values.tracker !== undefined && { tracker: nonEmpty('--tracker', values.tracker) }),
  }
  const { hits, ranked } = ctx.openCore().recordings.searchPage(query, { ...filters, limit })
  if (!ranked && !ctx.flags.json && hits.length > 0) {
    ctx.io.stderr.write('earshot: too many matches to rank; showing them in recency order\n')
  }
  ctx.print(
    hits
      .map(
        (h) =>
          `${h.recordingId}  ${formatPosition(h.startMs).padStart(8)}  ${h.title}: ${h.snippet}\n`,
      )
      .join(''),
    hits.map((hit) => ({ ...hit, ranked })),
  )
  return 0
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} needs a value`)
  return value.trim()
}

/** `earshot search --help` and `earshot help search`. */
export const searchHelp: CommandHelp = {
  usage: ['search <words…> [--limit N] [--from DATE] [--to DATE] [--speaker NAME] [--tracker ID]'],
  summary: 'Full-text search across transcripts.',
  flags: [
    { flag: '--limit N', description: 'at most N hits, 1 to 1000 (default 50)' },
    { flag: '--from DATE', description: 'imported from this day (UTC) or ISO instant on' },
    { flag: '--to DATE', description: 'imported up to this day (inclusive) or instant' },
    { flag: '--speaker NAME', description: 'only lines said by this speaker' },
    { flag: '--tracker ID', description: 'only lines a tracker with this id matched' },
  ],
  examples: ['search pricing', 'search "too expensive" --from 2026-11-01 --limit 10'],
}

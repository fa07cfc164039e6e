import { parseArgs } from 'node:util'
import { configuredTrackers } from '../../core/derive/signals/configuredTrackers'
import { storedSignalAggregates } from '../../core/derive/signals/storedSignalAggregates'
import type { SignalFilter } from '../../core/store/DerivedStore'
import { signalParties, SignalParty, type SignalAggregates } from '../../shared/signals'
import type { CliContext } from '../context'
import { dateFlag } from '../dateFlag'
import { UsageError } from '../errors'
import type { CommandHelp } from '../commandHelp'

/**
 * `earshot signals [--from DATE] [--to DATE] [--party them|you|all]`: demand signals across
 * recordings (by import time): hits per ISO week and tracker, top requested features, top
 * competitors; what "them" said unless --party says otherwise (the speaker named "You" is the
 * user, whose pitch is not demand). --json prints the
 * `SignalAggregates` object (src/shared/signals.ts), the same shape the Insights screen reads.
 */
export function signalsCommand(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { from: { type: 'string' }, to: { type: 'string' }, party: { type: 'string' } },
    allowPositionals: true,
  })
  if (positionals.length > 0) throw new UsageError('signals takes no arguments, only --from/--to')
  const party = values.party === undefined ? undefined : SignalParty.safeParse(values.party)
  if (party !== undefined && !party.success) {
    throw new UsageError(`--party is one of ${signalParties.join(', ')}`)
  }
  const range: SignalFilter = {
    ...(values.from !== undefined && { from: dateFlag('--from', values.from, 0) }),
    ...(values.to !== undefined && { to: dateFlag('--to', values.to, 1) }),
    ...(party !== undefined && { party: party.data }),
  }
  const core = ctx.openCore()
  const aggregates = storedSignalAggregates(core.derived, configuredTrackers(core.settings), range)
  ctx.print(describe(aggregates), aggregates)
  return 0
}

const recordings = (n: number): string => `${n} ${n === 1 ? 'recording' : 'recordings'}`

function describe({ weekly, topFeatures, topCompetitors }: SignalAggregates): string {
  const ranking = (title: string, items: SignalAggregates['topFeatures']): string[] => [
    `${title}:`,
    ...(items.length === 0
      ? ['  none']
      : items.map(
          (i) => `  ${String(i.count).padStart(5)}  ${i.phrase}  (${recordings(i.recordings)})`,
        )),
  ]
  return [
    'Signals per week:',
    ...(weekly.length === 0
      ? ['  none']
      : weekly.map((w) => `  ${w.week}  ${String(w.count).padStart(5)}  ${w.tracker}`)),
    ...ranking('Top requested features', topFeatures),
    ...ranking('Top competitors', topCompetitors),
    '',
  ].join('\n')
}

/** `earshot signals --help` and `earshot help signals`. */
export const signalsHelp: CommandHelp = {
  usage: ['signals [--from DATE] [--to DATE] [--party them|you|all]'],
  summary: 'Demand signals per week, with the top features and competitors mentioned.',
  flags: [
    { flag: '--from DATE', description: 'start of the period (YYYY-MM-DD)' },
    { flag: '--to DATE', description: 'end of the period' },
    {
      flag: '--party WHO',
      description: 'whose signals: them (default, all but "You"), you, or all',
    },
  ],
  examples: ['signals', 'signals --from 2026-10-01 --to 2026-11-30 --json'],
}

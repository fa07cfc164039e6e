import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { resolveRecording } from '../resolveRecording'
import type { CommandHelp } from '../commandHelp'

const USAGE = 'speakers move <id> <line> <speaker> | speakers merge <id> <from> <into>'

/**
 * `earshot speakers move <id> <line> <speaker>`: line `<line>` (its number from `show --json`,
 * 0-based) is said by `<speaker>`. `earshot speakers merge <id> <from> <into>`: one person the
 * diarizer split in two. Both derive signals and metrics again, as the app's edits do.
 */
export function speakersCommand(ctx: CliContext, args: string[]): number {
  const [action, id, first, second, ...extra] = args
  if (id === undefined || first === undefined || second === undefined || extra.length > 0) {
    throw new UsageError(USAGE)
  }
  const label = (value: string): string => {
    const trimmed = value.trim()
    if (trimmed === '' || trimmed.length > 80) {
      throw new UsageError('a speaker is 1 to 80 characters, e.g. "Speaker 2"')
    }
    return trimmed
  }
  const core = ctx.openCore()
  const recording = resolveRecording(core.recordings, id)
  if (action === 'move') {
    if (!/^\d+$/.test(first)) throw new UsageError('<line> is a line number such as 3')
    const speaker = label(second)
    const line = core.db.transaction(() => {
      const moved = core.recordings.setSegmentSpeaker(recording.id, Number(first), speaker)
      core.rederive(recording.id)
      return moved
    })()
    ctx.print(`line ${line.idx} is now ${speaker}\n`, { idx: line.idx, speaker })
    return 0
  }
  if (action === 'merge') {
    const from = label(first)
    const into = label(second)
    const moved = core.mergeSpeakers(recording.id, from, into)
    ctx.print(`${moved} lines of ${from} are now ${into}\n`, { from, into, lines: moved })
    return 0
  }
  throw new UsageError(USAGE)
}

/** `earshot speakers --help` and `earshot help speakers`. */
export const speakersHelp: CommandHelp = {
  usage: ['speakers move <id> <line> <speaker>', 'speakers merge <id> <from> <into>'],
  summary: 'Correct who said a line, or join two speakers into one.',
  flags: [],
  examples: ['speakers move 3f2a 12 "Speaker 2"', 'speakers merge 3f2a "Speaker 3" "Speaker 1"'],
}

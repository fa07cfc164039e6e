import { parseArgs } from 'node:util'
import type { VoiceProfileView } from '../../shared/derivedViews'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { resolveRecording } from '../resolveRecording'
import type { CommandHelp } from '../commandHelp'

const USAGE = 'me set <id> --speaker <label> | me show | me forget'

/**
 * `earshot me set <id> --speaker "Speaker 2"`: that speaker of that recording is the user; their
 * voice features become the profile and later recordings name the matching speaker "You".
 * `me show` prints where the profile came from (`{profile: {…} | null}` with --json; never the
 * features). `me forget` deletes it (`{forgotten: boolean}`).
 */
export function meCommand(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { speaker: { type: 'string' } },
    allowPositionals: true,
  })
  const [action, id, ...extra] = positionals
  if (extra.length > 0) throw new UsageError(USAGE)
  if (action === 'set') {
    const speaker = values.speaker?.trim() ?? ''
    if (id === undefined || speaker === '' || speaker.length > 80) {
      throw new UsageError('me set <id> --speaker <label>, e.g. --speaker "Speaker 2"')
    }
    const core = ctx.openCore()
    const recording = resolveRecording(core.recordings, id)
    const profile = core.voiceProfile.markMe(recording.id, speaker)
    ctx.print(
      `${speaker} of ${recording.id} is now you (${profile.speechSeconds} s of speech).\n`,
      {
        profile,
      },
    )
    return 0
  }
  if (id !== undefined || values.speaker !== undefined) throw new UsageError(USAGE)
  if (action === 'show') {
    const profile = ctx.openCore().voiceProfile.profile()
    ctx.print(describe(profile), { profile })
    return 0
  }
  if (action === 'forget') {
    const forgotten = ctx.openCore().voiceProfile.forget()
    ctx.print(forgotten ? 'Your voice profile is deleted.\n' : 'There was no voice profile.\n', {
      forgotten,
    })
    return 0
  }
  throw new UsageError(USAGE)
}

function describe(profile: VoiceProfileView | null): string {
  if (profile === null) return 'No voice profile: mark yourself with `earshot me set`.\n'
  return `Your voice: ${profile.sourceLabel} of recording ${profile.sourceRecordingId}, ${profile.speechSeconds} s of speech, set ${profile.createdAt}. Kept on this device only.\n`
}

/** `earshot me --help` and `earshot help me`. */
export const meHelp: CommandHelp = {
  usage: ['me set <id> --speaker <label>', 'me show', 'me forget'],
  summary: 'Mark your own voice once; later recordings name you "You" (kept on this device only).',
  flags: [{ flag: '--speaker LABEL', description: 'the speaker of the recording who is you' }],
  examples: ['me set 3f2a --speaker "Speaker 2"', 'me show --json', 'me forget'],
}

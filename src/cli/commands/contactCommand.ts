import { parseArgs } from 'node:util'
import { RecordingContactStore } from '../../core/store/RecordingContactStore'
import type { CommandHelp } from '../commandHelp'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { resolveRecording } from '../resolveRecording'

/**
 * `earshot contact <id> [EMAIL | --clear]` (issue 12): the CRM contact of a recording, sent as its
 * uploads' `contactEmail` for the team server's HubSpot notes. Without EMAIL it shows the contact.
 * --json prints `{id, email}` (email null when none).
 */
export function contactCommand(ctx: CliContext, args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    options: { clear: { type: 'boolean', default: false } },
    allowPositionals: true,
  })
  const [id, email, extra] = positionals
  if (id === undefined || extra !== undefined || (values.clear && email !== undefined)) {
    throw new UsageError('use `contact <id> EMAIL`, `contact <id> --clear` or `contact <id>`')
  }
  const core = ctx.openCore()
  const recordingId = resolveRecording(core.recordings, id).id
  const contacts = new RecordingContactStore(core.db)
  if (values.clear) {
    contacts.clear(recordingId)
    ctx.print(`${recordingId} has no contact; its uploads name none.\n`, {
      id: recordingId,
      email: null,
    })
    return 0
  }
  if (email === undefined) {
    const current = contacts.get(recordingId) ?? null
    ctx.print(`${recordingId} ${current ?? '(no contact)'}\n`, { id: recordingId, email: current })
    return 0
  }
  const stored = contacts.set(recordingId, email)
  ctx.print(
    `${recordingId} is with ${stored}: its next upload names them, for the team's HubSpot note.\n`,
    { id: recordingId, email: stored },
  )
  return 0
}

/** `earshot contact --help` and `earshot help contact`. */
export const contactHelp: CommandHelp = {
  usage: ['contact <id> EMAIL', 'contact <id> --clear', 'contact <id>'],
  summary:
    "Set the CRM contact (the customer's email) of a recording: its uploads carry it, and the team server notes the call on that HubSpot contact.",
  flags: [{ flag: '--clear', description: 'remove the contact' }],
  examples: ['contact 3f2a buyer@acme.example', 'contact 3f2a --json'],
}

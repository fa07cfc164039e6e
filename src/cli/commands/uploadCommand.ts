import { parseArgs } from 'node:util'
import type { UploadResult } from '../../core/sync/SyncService'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { reportItemErrors } from '../reportItemErrors'
import { resolveRecording } from '../resolveRecording'
import type { CommandHelp } from '../commandHelp'

/**
 * `earshot upload <id>… | --all [--dry-run]`. A dry run writes the exact bytes each upload would
 * send, one payload per line (JSON has no raw newlines), and sends, queues and audits nothing.
 */
export async function uploadCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      all: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  })
  if (values.all === positionals.length > 0) {
    throw new UsageError('upload takes recording ids or --all, not both')
  }
  const core = ctx.openCore()
  const ids = values.all
    ? core.sync.uploadableIds()
    : positionals.map((id) => resolveRecording(core.recordings, id).id)

  if (values['dry-run']) {
    const prepared = ids.map((id) => core.sync.prepare(id))
    if (ctx.flags.json) {
      const utf8 = new TextDecoder()
      ctx.print(
        '',
        prepared.map((p) => ({
          id: p.recordingId,
          payloadSha256: p.payloadSha256,
          bytes: p.body.byteLength,
          body: utf8.decode(p.body),
        })),
      )
    } else {
      for (const p of prepared) {
        ctx.io.stdout.write(p.body)
        ctx.io.stdout.write('\n')
      }
    }
    return 0
  }

  const results = await core.sync.upload(ids)
  ctx.print(results.map(describe).join(''), results)
  const failures = results.filter((result) => result.state !== 'done')
  reportItemErrors(ctx, failures)
  return failures.length === 0 ? 0 : 1
}

function describe(result: UploadResult): string {
  if (result.receipt !== null) {
    return `${result.id}  ${result.state}  received ${result.receipt.receivedAt}  sha256 ${result.receipt.payloadSha256}\n`
  }
  return `${result.id}  ${result.state}${result.error ? `  ${result.error.message}` : ''}\n`
}

/** `earshot upload --help` and `earshot help upload`. */
export const uploadHelp: CommandHelp = {
  usage: ['upload <id>… [--dry-run]', 'upload --all [--dry-run]'],
  summary: 'Upload transcripts to the backend; --dry-run prints the exact bytes instead.',
  flags: [
    { flag: '--all', description: 'every recording not yet uploaded' },
    { flag: '--dry-run', description: 'print what would be sent; send nothing' },
  ],
  examples: ['upload 3f2a --dry-run', 'upload --all'],
}

import { parseArgs } from 'node:util'
import { CoreError } from '../../core/CoreError'
import type { DeletionResult } from '../../core/deletion/DeletionService'
import {
  rotateDatabaseKeyIfRequested,
  type DatabaseKeyRotation,
} from '../../core/keys/rotateDatabaseKey'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import { reportItemErrors } from '../reportItemErrors'
import { resolveRecording } from '../resolveRecording'
import type { CommandHelp } from '../commandHelp'

/**
 * `earshot delete <id>… | --all [--remote] [--yes]`. Never asks interactively (scripts call it);
 * `--all` is the app's "Delete all data" (DeletionService.deleteAll: every recording, then all
 * local data, settings and the saved token included, see wipeAllData), leaving one audit entry
 * that says so, so it needs `--yes` spelled out.
 */
export async function deleteCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      all: { type: 'boolean', default: false },
      remote: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  })
  if (values.all === positionals.length > 0) {
    throw new UsageError('delete takes recording ids or --all, not both')
  }
  if (values.all && !values.yes) {
    throw new UsageError(
      'delete --all removes every recording and its transcript; add --yes to confirm',
    )
  }
  const core = ctx.openCore()
  const { results, wiped } = values.all
    ? await core.deletion.deleteAll({ remote: values.remote })
    : {
        results: await core.deletion.deleteRecordings(
          positionals.map((id) => resolveRecording(core.recordings, id).id),
          { remote: values.remote },
        ),
        wiped: null,
      }
  const failures = results.filter((result) => !result.deleted)
  const wipeLine = wiped
    ? `all local data deleted; recorded in the audit log as entry ${wiped.auditEntry.seq}\n${await forgetKey(ctx)}`
    : ''
  ctx.print(results.map(describe).join('') + wipeLine, results)
  reportItemErrors(ctx, failures)
  return failures.length === 0 ? 0 : 1
}

/**
 * The wipe asked for a new database key; the databases are closed here so it happens now, not at
 * the next start (src/core/keys/rotateDatabaseKey). Says what became of the old key.
 */
async function forgetKey(ctx: CliContext): Promise<string> {
  await ctx.closeCore()
  let rotation: DatabaseKeyRotation | null
  try {
    rotation = rotateDatabaseKeyIfRequested({ dataDir: ctx.dataDir, env: ctx.io.env })
  } catch (error) {
    if (!(error instanceof CoreError && error.code === 'database-in-use')) throw error
    rotation = { rotated: false, reason: `${error.message} The key is replaced at the next start.` }
  }
  if (rotation === null) return ''
  return rotation.rotated
    ? 'the database key was replaced: copies of the databases made before cannot be opened with anything left on this device\n'
    : `the database key was kept: ${rotation.reason}\n`
}

function describe(result: DeletionResult): string {
  if (!result.deleted) return `${result.id}  kept  ${result.error?.message ?? ''}\n`
  const remote =
    result.remote === 'done'
      ? `  deleted at the backend ${result.receipt?.deletedAt ?? ''}`
      : result.remote === 'not-uploaded'
        ? '  (never uploaded)'
        : ''
  return `${result.id}  deleted${remote}\n`
}

/** `earshot delete --help` and `earshot help delete`. */
export const deleteHelp: CommandHelp = {
  usage: ['delete <id>… [--remote]', 'delete --all --yes [--remote]'],
  summary: 'Delete recordings here and, with --remote, at the backend too.',
  flags: [
    { flag: '--all', description: 'every recording (needs --yes)' },
    { flag: '--yes', description: 'confirm deleting everything' },
    { flag: '--remote', description: 'also delete the uploaded copies at the backend' },
  ],
  examples: ['delete 3f2a', 'delete --all --yes --remote'],
}

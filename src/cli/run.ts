import { toErrorInfo } from '../core/jobs/toErrorInfo'
import { auditCommand } from './commands/auditCommand'
import { backendCommand } from './commands/backendCommand'
import { configCommand } from './commands/configCommand'
import { deleteCommand } from './commands/deleteCommand'
import { exportCommand } from './commands/exportCommand'
import { importCommand } from './commands/importCommand'
import { listCommand } from './commands/listCommand'
import { modelCommand } from './commands/modelCommand'
import { searchCommand } from './commands/searchCommand'
import { showCommand } from './commands/showCommand'
import { signalsCommand } from './commands/signalsCommand'
import { speakersCommand } from './commands/speakersCommand'
import { uploadCommand } from './commands/uploadCommand'
import { webCommand } from './commands/webCommand'
import { CliContext, type CliIo } from './context'
import { UsageError } from './errors'
import { splitGlobalFlags } from './splitGlobalFlags'

export type { CliIo } from './context'

export const USAGE = `Usage: earshot [--data-dir DIR] [--json] <command>

Commands:
  import <files…> [--model PATH] [--language auto|en|…] [--threads N] [--prompt TEXT]
                                   import, transcribe and store recordings; prints their ids
  list                             list recordings
  show <id> [--format txt|srt|vtt|json|md|docx|rttm] [--out FILE]
  speakers move <id> <line> <speaker> | speakers merge <id> <from> <into>
                                   correct who said a line; join two speakers into one
  search <words…> [--limit N] [--from DATE] [--to DATE] [--speaker NAME] [--tracker ID]
                                   full-text search across transcripts
  signals [--from DATE] [--to DATE]
                                   demand signals per week, top features and competitors
  upload <id>… | --all [--dry-run]
                                   upload transcripts; --dry-run prints the exact bytes instead
  delete <id>… | --all --yes [--remote]
                                   delete recordings here (and, with --remote, at the backend)
  export --all --out FILE          everything Earshot holds about you, as one zip archive
  audit list [--limit N] [--after SEQ] [--purpose P] [--kind K] [--payload]
                                   the newest N (default 100), oldest first; --after pages on
  audit verify [--file export.jsonl] [--witness [--install-id ID]] | audit export --out FILE
  backend [--port N] [--db PATH]   run the reference backend (token from EARSHOT_BACKEND_TOKEN)
  backend check                    check backend.url and the token (GET /v1/health)
  config get [key] | config set <key> <value>
  model download <name> [--dir DIR]
  model generate-test --dims micro|tiny|tiny.en|base.en --out PATH
  web [--port N]                   the app's UI in a browser on 127.0.0.1; prints the URL

Global: --data-dir DIR (or EARSHOT_DATA_DIR), --json for machine-readable output.
Exit codes: 0 ok, 1 failure, 2 usage.
`

type Command = (ctx: CliContext, args: string[]) => number | Promise<number>

const commands: Record<string, Command> = {
  import: importCommand,
  list: listCommand,
  show: showCommand,
  search: searchCommand,
  signals: signalsCommand,
  speakers: speakersCommand,
  config: configCommand,
  model: modelCommand,
  upload: uploadCommand,
  delete: deleteCommand,
  export: exportCommand,
  audit: auditCommand,
  backend: backendCommand,
  web: webCommand,
}

/** Exit codes (DESIGN.md §7): 0 ok, 1 failure, 2 usage. One line on stderr per error. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json')
  let ctx: CliContext | null = null
  try {
    const { flags, rest } = splitGlobalFlags(argv)
    json = flags.json
    const [name, ...args] = rest
    if (flags.help || name === 'help') {
      io.stdout.write(USAGE)
      return 0
    }
    if (name === undefined) {
      io.stderr.write(USAGE)
      return 2
    }
    const command = Object.hasOwn(commands, name) ? commands[name] : undefined
    if (command === undefined)
      throw new UsageError(`unknown command '${name}' (see earshot --help)`)
    ctx = new CliContext(flags, io)
    return await command(ctx, args)
  } catch (error) {
    return reportError(error, json, io)
  } finally {
    await ctx?.dispose()
  }
}

function reportError(error: unknown, json: boolean, io: CliIo): number {
  // node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed flags.
  const parseArgsError =
    error instanceof TypeError &&
    String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')
  const usage = error instanceof UsageError || parseArgsError
  const info = usage
    ? { code: 'usage', message: error instanceof Error ? error.message : String(error) }
    : toErrorInfo(error)
  const oneLine = info.message.replace(/\s*\n\s*/g, ' ')
  io.stderr.write(
    json
      ? JSON.stringify({ error: { code: info.code, message: oneLine } }) + '\n'
      : `earshot: ${oneLine}\n`,
  )
  return usage ? 2 : 1
}

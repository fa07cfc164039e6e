import { toErrorInfo } from '../core/jobs/toErrorInfo'
import { auditCommand, auditHelp } from './commands/auditCommand'
import { backendCommand, backendHelp } from './commands/backendCommand'
import { callDateCommand, callDateHelp } from './commands/callDateCommand'
import { configCommand, configHelp } from './commands/configCommand'
import { deleteCommand, deleteHelp } from './commands/deleteCommand'
import { exportCommand, exportHelp } from './commands/exportCommand'
import { importCommand, importHelp } from './commands/importCommand'
import { listCommand, listHelp } from './commands/listCommand'
import { mcpCommand, mcpHelp } from './commands/mcpCommand'
import { meCommand, meHelp } from './commands/meCommand'
import { modelCommand, modelHelp } from './commands/modelCommand'
import { searchCommand, searchHelp } from './commands/searchCommand'
import { shareCommand, shareHelp } from './commands/shareCommand'
import { contactCommand, contactHelp } from './commands/contactCommand'
import { showCommand, showHelp } from './commands/showCommand'
import { signalsCommand, signalsHelp } from './commands/signalsCommand'
import { speakersCommand, speakersHelp } from './commands/speakersCommand'
import { uploadCommand, uploadHelp } from './commands/uploadCommand'
import { webCommand, webHelp } from './commands/webCommand'
import { closestMatch } from './closestMatch'
import { formatCommandHelp, type CommandHelp } from './commandHelp'
import { CliContext, type CliIo } from './context'
import { describeParseArgsError, isParseArgsError } from './describeParseArgsError'
import { UsageError } from './errors'
import { splitGlobalFlags } from './splitGlobalFlags'

export type { CliIo } from './context'

type Command = (ctx: CliContext, args: string[]) => number | Promise<number>

const commands: Record<string, { run: Command; help: CommandHelp }> = {
  import: { run: importCommand, help: importHelp },
  list: { run: listCommand, help: listHelp },
  show: { run: showCommand, help: showHelp },
  search: { run: searchCommand, help: searchHelp },
  signals: { run: signalsCommand, help: signalsHelp },
  speakers: { run: speakersCommand, help: speakersHelp },
  me: { run: meCommand, help: meHelp },
  'call-date': { run: callDateCommand, help: callDateHelp },
  config: { run: configCommand, help: configHelp },
  model: { run: modelCommand, help: modelHelp },
  upload: { run: uploadCommand, help: uploadHelp },
  delete: { run: deleteCommand, help: deleteHelp },
  export: { run: exportCommand, help: exportHelp },
  audit: { run: auditCommand, help: auditHelp },
  backend: { run: backendCommand, help: backendHelp },
  web: { run: webCommand, help: webHelp },
  mcp: { run: mcpCommand, help: mcpHelp },
  share: { run: shareCommand, help: shareHelp },
  contact: { run: contactCommand, help: contactHelp },
}

/** `earshot --help`: every command's call forms and summary, from the command's own help. */
export const USAGE = [
  'Usage: earshot [--data-dir DIR] [--json] <command>',
  '',
  'Commands:',
  ...Object.values(commands).flatMap(({ help }) => [
    ...help.usage.map((form) => `  ${form}`),
    `      ${help.summary}`,
  ]),
  '',
  'Global: --data-dir DIR (or EARSHOT_DATA_DIR), --json for machine-readable output.',
  'Help on one command: earshot <command> --help, or earshot help <command>.',
  'Exit codes: 0 ok, 1 failure, 2 usage.',
  '',
].join('\n')

/** The command called `name`, or a usage error that suggests the nearest name for a typo. */
function findCommand(name: string): { run: Command; help: CommandHelp } {
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (command !== undefined) return command
  const near = closestMatch(name, Object.keys(commands))
  const hint = near === null ? '' : ` Did you mean "${near}"?`
  throw new UsageError(`unknown command '${name}' (see earshot --help).${hint}`)
}

/** Exit codes (DESIGN.md §7): 0 ok, 1 failure, 2 usage. One line on stderr per error. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json')
  let ctx: CliContext | null = null
  try {
    const { flags, rest } = splitGlobalFlags(argv)
    json = flags.json
    const [name, ...args] = rest
    // `earshot help <cmd>` and `earshot <cmd> --help` print that command's help; bare forms, all.
    const helpFor = name === 'help' ? args[0] : flags.help ? name : undefined
    if (name === 'help' || flags.help) {
      io.stdout.write(helpFor === undefined ? USAGE : formatCommandHelp(findCommand(helpFor).help))
      return 0
    }
    if (name === undefined) {
      io.stderr.write(USAGE)
      return 2
    }
    const command = findCommand(name)
    ctx = new CliContext(flags, io)
    try {
      return await command.run(ctx, args)
    } catch (error) {
      const clearer = isParseArgsError(error)
        ? describeParseArgsError(error, name, command.help)
        : null
      throw clearer === null ? error : new UsageError(clearer)
    }
  } catch (error) {
    return reportError(error, json, io)
  } finally {
    await ctx?.dispose()
  }
}

function reportError(error: unknown, json: boolean, io: CliIo): number {
  const usage = error instanceof UsageError || isParseArgsError(error)
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

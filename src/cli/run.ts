import { parseArgs } from 'node:util'
import { UsageError } from './errors'

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
}

export const USAGE = `Usage: earshot [--data-dir DIR] [--json] <command>

Commands:
  import <files…> [--model PATH]   import, transcribe and store recordings
  list                             list recordings
  show <id> [--format txt|srt|vtt|json]
  search <query>
  config get|set <key> [value]
  model download <name>
  model generate-test --dims tiny|tiny.en|base.en --out PATH
`

/** Exit codes (DESIGN.md §7): 0 ok, 1 failure, 2 usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let json = false
  try {
    await Promise.resolve()
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
      strict: false,
    })
    json = values.json === true
    const [command] = positionals
    if (values.help === true || command === undefined || command === 'help') {
      io.stdout.write(USAGE)
      return command === undefined && values.help !== true ? 2 : 0
    }
    throw new UsageError(`unknown command '${command}'`)
  } catch (error) {
    return reportError(error, json, io)
  }
}

function reportError(error: unknown, json: boolean, io: CliIo): number {
  const usage = error instanceof UsageError
  const code = usage ? 'usage' : errorCode(error)
  const message = error instanceof Error ? error.message : String(error)
  io.stderr.write(
    json ? JSON.stringify({ error: { code, message } }) + '\n' : `earshot: ${message}\n`,
  )
  return usage ? 2 : 1
}

function errorCode(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string'
  )
    return error.code
  return 'internal'
}

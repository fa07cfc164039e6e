import { Readable, Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js'
import { CoreError } from '../../core/CoreError'
import { toErrorInfo } from '../../core/jobs/toErrorInfo'
import { createMcpServer } from '../../core/mcp/createMcpServer'
import { DisclosedLibrary } from '../../core/mcp/DisclosedLibrary'
import { DisclosureGate } from '../../core/mcp/DisclosureGate'
import { ShareableStore } from '../../core/store/ShareableStore'
import type { CliContext } from '../context'
import type { CommandHelp } from '../commandHelp'

/**
 * `earshot mcp`: a Model Context Protocol server on stdin/stdout for an LLM client that starts it
 * (Claude Desktop, Cursor). stdout carries JSON-RPC only; notes go to stderr, which clients keep
 * as the server's log. Runs until the client closes stdin, or SIGINT/SIGTERM.
 */
export async function mcpCommand(ctx: CliContext, args: string[]): Promise<number> {
  parseArgs({ args, options: {} })
  const core = ctx.openCore()
  if (!core.settings.get('mcp.enabled')) {
    throw new CoreError(
      'mcp-turned-off',
      'Sharing with LLM clients is turned off; `earshot config set mcp.enabled true` turns it on (answers are redacted and audited).',
    )
  }
  const log = (line: string) => ctx.io.stderr.write(`earshot mcp: ${line}\n`)
  const library = new DisclosedLibrary({
    recordings: core.recordings,
    derived: core.derived,
    settings: core.settings,
    shareable: new ShareableStore(core.db),
  })
  const stdin = ctx.io.stdin ?? process.stdin
  const stdout = ctx.io.stdout
  if (!(stdin instanceof Readable) || !(stdout instanceof Writable)) {
    throw new CoreError('mcp-needs-stdio', 'earshot mcp talks to its client over stdin and stdout.')
  }
  const gate = new DisclosureGate({
    transport: new StdioServerTransport(stdin, stdout),
    audit: core.audit,
    onAuditFailure: (error) => {
      log(
        `an answer was withheld: the audit log could not be written (${toErrorInfo(error).message})`,
      )
    },
  })
  const server = createMcpServer({
    library,
    gate,
    logFailure: (error) => {
      log(`a request failed: ${toErrorInfo(error).message}`)
    },
  })
  // The SDK's stdio transport does not notice the client closing stdin; without this the process
  // would hang on (or exit with the command's promise unsettled).
  const ended = new Promise<string>((done) => {
    stdin.once('end', () => {
      done('the client closed the connection')
    })
    stdin.once('close', () => {
      done('the client closed the connection')
    })
    const stop = (signal: NodeJS.Signals) => {
      done(signal)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await server.connect(gate)
  log(
    `serving ${core.settings.get('mcp.scope')} recordings on stdio (MCP ${LATEST_PROTOCOL_VERSION})`,
  )
  const why = await ended
  await server.close()
  log(`stopped: ${why}`)
  return 0
}

/** `earshot mcp --help` and `earshot help mcp`. */
export const mcpHelp: CommandHelp = {
  usage: ['mcp'],
  summary:
    'A Model Context Protocol server on stdio for LLM clients: redacted, scoped, every answer audited.',
  flags: [],
  examples: ['mcp', 'config set mcp.enabled true'],
}

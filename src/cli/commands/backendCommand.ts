import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ReferenceBackend } from '../../backend/ReferenceBackend'
import { CoreError } from '../../core/CoreError'
import type { CliContext } from '../context'
import { portFlag } from '../portFlag'
import { serveUntilSignal } from '../serveUntilSignal'
import type { CommandHelp } from '../commandHelp'
import { backendDestinationsCommand } from './backendDestinationsCommand'
import { openServerDelivery } from './openServerDelivery'

const MIN_TOKEN_LENGTH = 16

/** `earshot backend [--port N] [--db PATH]` · `earshot backend check` */
export async function backendCommand(ctx: CliContext, args: string[]): Promise<number> {
  if (args[0] === 'check') return check(ctx, args.slice(1))
  const group = args[0]
  if (group === 'webhooks' || group === 'slack' || group === 'hubspot' || group === 'audit') {
    return backendDestinationsCommand(ctx, group, args.slice(1))
  }
  return serve(ctx, args)
}

/** Runs the reference backend on loopback until SIGINT or SIGTERM. */
async function serve(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string', default: '0' }, db: { type: 'string' } },
  })
  const port = portFlag(values.port)
  const token = ctx.io.env.EARSHOT_BACKEND_TOKEN ?? ''
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new CoreError(
      'backend-token-missing',
      `Set EARSHOT_BACKEND_TOKEN to a secret of at least ${MIN_TOKEN_LENGTH} characters; clients send it as their bearer token.`,
    )
  }
  const dbPath = resolve(values.db ?? join(ctx.dataDir, 'backend', 'backend.db'))
  const backend = new ReferenceBackend({ token, dbPath })
  // Issue 12: the delivery worker runs in the server's process, under its tripwire, so every
  // delivery leaves through the gate and onto the server's own audit log.
  const delivery = await openServerDelivery(ctx, dbPath)
  const url = await backend.listen(port)
  delivery.service.start()
  ctx.print(`Reference backend listening on ${url} (database ${dbPath}); Ctrl-C stops it.\n`, {
    url,
    db: dbPath,
  })
  return serveUntilSignal(ctx, {
    close: async () => {
      await backend.close()
      await delivery.close()
    },
  })
}

/** `GET /v1/health` through the egress gate, with the configured URL and token. */
async function check(ctx: CliContext, args: string[]): Promise<number> {
  parseArgs({ args, options: {} })
  const started = performance.now()
  const health = await ctx.openCore().sync.checkBackend()
  const latencyMs = Math.round(performance.now() - started)
  ctx.print(
    `ok: ${health.url} answers (schema version ${health.schemaVersion}, ${latencyMs} ms)\n`,
    { ok: true, ...health, latencyMs },
  )
  return 0
}

/** `earshot backend --help` and `earshot help backend`. */
export const backendHelp: CommandHelp = {
  usage: [
    'backend [--port N] [--db PATH]',
    'backend check',
    'backend webhooks add URL [--events upload.received,upload.deleted,signal.found] [--db PATH]',
    'backend webhooks list [--db PATH]',
    'backend webhooks remove ID [--db PATH]',
    'backend slack add WEBHOOK_URL [--db PATH]',
    'backend hubspot add --token-env VAR [--base-url URL] [--db PATH]',
    'backend audit export --out FILE [--db PATH]',
  ],
  summary:
    'Run the reference backend (token from EARSHOT_BACKEND_TOKEN), or check backend.url and the token; manage where the server delivers (signed webhooks, Slack, HubSpot) and export its delivery audit log.',
  flags: [
    { flag: '--port N', description: 'port on 127.0.0.1 (default: any free port)' },
    { flag: '--db PATH', description: "the backend's SQLite file, or a postgres:// URL" },
    {
      flag: '--events LIST',
      description: 'webhooks add: the events to send (default: all three)',
    },
    {
      flag: '--token-env VAR',
      description: "hubspot add: the variable holding the private app's token",
    },
    {
      flag: '--base-url URL',
      description: 'hubspot add: the API (default https://api.hubapi.com)',
    },
    { flag: '--out FILE', description: 'audit export: the file to write' },
  ],
  examples: [
    'backend --port 8787 --db backend.sqlite',
    'backend webhooks add https://hooks.example.com/earshot --events upload.received',
  ],
}

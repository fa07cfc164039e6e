import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ReferenceBackend } from '../../backend/ReferenceBackend'
import { isPostgresUrl, openTeamStore } from '../../backend/store/openTeamStore'
import { postgresEndpoint } from '../../backend/store/postgres/openPostgresPool'
import { MemberExistsError, type TeamStore } from '../../backend/store/TeamStore'
import { addTeamMember, MemberNameError } from '../../backend/teamMembers'
import { CoreError } from '../../core/CoreError'
import { UsageError } from '../errors'
import type { CliContext } from '../context'
import { portFlag } from '../portFlag'
import { serveUntilSignal } from '../serveUntilSignal'
import type { CommandHelp } from '../commandHelp'
import { backendDeliveriesCommand } from './backendDeliveriesCommand'
import { backendDestinationsCommand } from './backendDestinationsCommand'
import { deliverBackendEvents } from '../../backend/delivery/deliverBackendEvents'
import { openServerDelivery } from './openServerDelivery'

const MIN_TOKEN_LENGTH = 16

/**
 * `earshot backend [--port N] [--db PATH|URL] [--retention-days N]` · `earshot backend check` ·
 * `earshot backend members add NAME [--admin] | list | revoke NAME [--db …]`
 */
export async function backendCommand(ctx: CliContext, args: string[]): Promise<number> {
  if (args[0] === 'check') return check(ctx, args.slice(1))
  if (args[0] === 'members') return members(ctx, args.slice(1))
  if (args[0] === 'deliveries') return backendDeliveriesCommand(ctx, args.slice(1))
  const group = args[0]
  if (group === 'webhooks' || group === 'slack' || group === 'hubspot' || group === 'audit') {
    return backendDestinationsCommand(ctx, group, args.slice(1))
  }
  return serve(ctx, args)
}

/** `--db`: a SQLite file (resolved), a postgres:// URL as given, or the data folder's default. */
function databaseOf(ctx: CliContext, db: string | undefined): string {
  if (db !== undefined && isPostgresUrl(db)) return db
  return resolve(db ?? join(ctx.dataDir, 'backend', 'backend.db'))
}

/** Where the database is, for people: a file path, or the URL without its password. */
function shownDatabase(db: string): string {
  return isPostgresUrl(db) ? postgresEndpoint(db).shown : db
}

function retentionFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9][0-9]{0,4}$/.test(value)) {
    throw new UsageError('--retention-days takes a whole number of days from 1 to 99999.')
  }
  return Number(value)
}

/**
 * `--delivery-timeout S`: how long one delivery attempt may take. A job an attempt holds is leased
 * for four times that, so after a crash its retry waits that long; a team with fast receivers
 * shortens both.
 */
function deliveryTimeoutFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^[1-9][0-9]{0,2}$/.test(value) || Number(value) > 300) {
    throw new UsageError('--delivery-timeout takes a whole number of seconds from 1 to 300.')
  }
  return Number(value) * 1000
}

/** Runs the reference backend on loopback until SIGINT or SIGTERM. */
async function serve(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      db: { type: 'string' },
      'retention-days': { type: 'string' },
      'delivery-timeout': { type: 'string' },
    },
  })
  const port = portFlag(values.port)
  const retentionDays = retentionFlag(values['retention-days'])
  const deliveryTimeoutMs = deliveryTimeoutFlag(values['delivery-timeout'])
  const token = ctx.io.env.EARSHOT_BACKEND_TOKEN
  if (token !== undefined && token !== '' && token.length < MIN_TOKEN_LENGTH) {
    throw new CoreError(
      'backend-token-missing',
      `Set EARSHOT_BACKEND_TOKEN to a secret of at least ${MIN_TOKEN_LENGTH} characters; clients send it as their bearer token.`,
    )
  }
  const db = databaseOf(ctx, values.db)
  // Issue 12: the delivery worker runs in the server's process, under its tripwire, so every
  // delivery leaves through the gate and onto the server's own audit log. Its outbox is in the
  // server's database; the server's events are enqueued before a client gets its answer.
  const delivery = await openServerDelivery(ctx, db, deliveryTimeoutMs)
  const backend = new ReferenceBackend({
    ...(token !== undefined && token !== '' && { token }),
    db,
    ...(retentionDays !== undefined && { retentionDays }),
    onEvent: deliverBackendEvents(delivery.service),
  })
  const closeAll = async () => {
    await backend.close()
    await delivery.close()
  }
  try {
    const store = await backend.open()
    if (token === undefined || token === '') await requireSomeMember(store)
  } catch (error) {
    await closeAll()
    throw error instanceof CoreError ? error : new CoreError('backend-failed', messageOf(error))
  }
  const url = await backend.listen(port)
  delivery.service.start()
  const engine = backend.store.engine
  const shown = shownDatabase(db)
  const allowance =
    engine === 'postgres'
      ? `\nNetwork: besides its own loopback listener, this process may reach only ${postgresEndpoint(db).host}:${postgresEndpoint(db).port} (the database, the tripwire's one allowance).`
      : ''
  ctx.print(
    `Reference backend listening on ${url} (database ${shown}, ${engine}${retentionDays === undefined ? '' : `, retention ${retentionDays} days`}); Ctrl-C stops it.${allowance}\n`,
    { url, db: shown, engine, ...(retentionDays !== undefined && { retentionDays }) },
  )
  return serveUntilSignal(ctx, { close: closeAll })
}

/** Without the legacy token, somebody must be able to sign in: at least one active member. */
async function requireSomeMember(store: TeamStore): Promise<void> {
  const active = (await store.listMembers()).filter((member) => member.revokedAt === null)
  if (active.length === 0) {
    throw new CoreError(
      'backend-token-missing',
      `Set EARSHOT_BACKEND_TOKEN to a secret of at least ${MIN_TOKEN_LENGTH} characters, or add a member first with \`earshot backend members add NAME --db …\`; clients send it as their bearer token.`,
    )
  }
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.endsWith('.') ? message : `The backend database could not be opened: ${message}.`
}

/** `members add NAME [--admin]`, `members list`, `members revoke NAME`, each with `--db`. */
async function members(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { db: { type: 'string' }, admin: { type: 'boolean', default: false } },
  })
  const [action, name, ...extra] = positionals
  const needsName = action === 'add' || action === 'revoke'
  if (
    (action !== 'add' && action !== 'list' && action !== 'revoke') ||
    (needsName ? name === undefined || extra.length > 0 : name !== undefined) ||
    (values.admin && action !== 'add')
  ) {
    throw new UsageError(
      'Use `backend members add NAME [--admin]`, `backend members list` or `backend members revoke NAME`.',
    )
  }
  const db = databaseOf(ctx, values.db)
  let store: TeamStore
  try {
    store = await openTeamStore(db)
  } catch (error) {
    throw new CoreError('backend-failed', messageOf(error))
  }
  try {
    if (action === 'list') {
      const all = await store.listMembers()
      const lines = all.map(
        (m) =>
          `${m.name.padEnd(24)} ${m.role.padEnd(6)} added ${m.createdAt}${m.revokedAt === null ? '' : `, revoked ${m.revokedAt}`}`,
      )
      ctx.print(lines.length === 0 ? 'No members yet.\n' : `${lines.join('\n')}\n`, {
        members: all,
      })
      return 0
    }
    if (name === undefined) return 2
    if (action === 'revoke') {
      if (!(await store.revokeMember(name, new Date().toISOString()))) {
        throw new CoreError('member-not-found', `No active member is named ${name}.`)
      }
      ctx.print(`Revoked ${name}: their token is refused from now on.\n`, {
        name,
        revoked: true,
      })
      return 0
    }
    try {
      const { member, token } = await addTeamMember(store, name, values.admin ? 'admin' : 'member')
      ctx.print(
        `Added ${member.name} (${member.role}). Their token, shown only this once (the server keeps its hash):\n\n  ${token}\n\nOn their laptop it is the backend token (EARSHOT_BACKEND_TOKEN, or Settings → Backend).\n`,
        { ...member, token },
      )
      return 0
    } catch (error) {
      if (error instanceof MemberExistsError || error instanceof MemberNameError) {
        throw new CoreError('member-invalid', error.message)
      }
      throw error
    }
  } finally {
    await store.close()
  }
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
    'backend [--port N] [--db PATH|postgres://USER:PASS@HOST:PORT/DB] [--retention-days N] [--delivery-timeout S]',
    'backend members add NAME [--admin] [--db …]',
    'backend members list [--db …]',
    'backend members revoke NAME [--db …]',
    'backend check',
    'backend webhooks add URL [--events upload.received,upload.deleted,signal.found] [--db …]',
    'backend webhooks list [--db …]',
    'backend webhooks remove ID [--db …]',
    'backend slack add WEBHOOK_URL [--db …]',
    'backend hubspot add --token-env VAR [--base-url URL] [--db …]',
    'backend deliveries list [--dead] [--db …]',
    'backend deliveries replay ID|--all [--db …]',
    'backend audit export --out FILE [--db …]',
  ],
  summary:
    'Run the team server (members\' tokens, or the single token in EARSHOT_BACKEND_TOKEN as the member "default"), manage its members and where it delivers (signed webhooks, Slack, HubSpot), list and replay its dead deliveries, export its delivery audit log, or check backend.url and the token.',
  flags: [
    { flag: '--port N', description: 'port on 127.0.0.1 (default: any free port)' },
    {
      flag: '--db PATH|URL',
      description: "a SQLite file (default: the data folder's), or a PostgreSQL URL",
    },
    {
      flag: '--retention-days N',
      description: 'delete transcripts received more than N days ago (at start, then hourly)',
    },
    {
      flag: '--delivery-timeout S',
      description:
        'seconds one delivery attempt may take (default 30; a crashed attempt is retried after 4×)',
    },
    {
      flag: '--admin',
      description: 'members add: the member may read the team and manage members',
    },
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
    { flag: '--dead', description: 'deliveries list: only the dead letters' },
    {
      flag: '--all',
      description: 'deliveries replay: every dead letter (else the one event id given)',
    },
    { flag: '--out FILE', description: 'audit export: the file to write' },
  ],
  examples: [
    'backend --port 8787 --db postgres://earshot:secret@127.0.0.1:5432/earshot',
    'backend members add ana --admin --db backend.sqlite',
    'backend webhooks add https://hooks.example.com/earshot --events upload.received',
    'backend deliveries replay --all --db backend.sqlite',
  ],
}

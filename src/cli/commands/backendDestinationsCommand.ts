import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type {
  DeliveryJob,
  Destination,
  DestinationKind,
} from '../../backend/delivery/DeliveryStore'
import { generateWebhookSecret } from '../../backend/delivery/generateWebhookSecret'
import { openDeliveryStore } from '../../backend/delivery/openDeliveryStore'
import { AuditLog } from '../../core/audit/AuditLog'
import { CoreError } from '../../core/CoreError'
import { DeliveryEventType, deliveryEventTypes } from '../../shared/delivery'
import type { CliContext } from '../context'
import { UsageError } from '../errors'

/** HubSpot's API (developers.hubspot.com, CRM API); `--base-url` points elsewhere (a test). */
const HUBSPOT_API = 'https://api.hubapi.com'
/** HubSpot private-app tokens are `pat-<region>-<uuid>`; older OAuth tokens are longer. */
const hubspotToken = /^[A-Za-z0-9\-._~+/]{16,512}=*$/

/**
 * `earshot backend webhooks add|list|remove`, `backend slack add`, `backend hubspot add`,
 * `backend audit export` (issue 12): the team server's destinations in its database, and the export
 * of its delivery audit log. Secrets are printed once, when made, and never listed.
 */
export async function backendDestinationsCommand(
  ctx: CliContext,
  group: 'webhooks' | 'slack' | 'hubspot' | 'audit',
  args: string[],
): Promise<number> {
  const [action, ...rest] = args
  if (group === 'audit') {
    if (action !== 'export') throw new UsageError('use `backend audit export --out FILE`')
    return exportAudit(ctx, rest)
  }
  if (group === 'webhooks' && action === 'list') return list(ctx, rest)
  if (group === 'webhooks' && action === 'remove') return remove(ctx, rest)
  if (action === 'add') return add(ctx, group, rest)
  throw new UsageError(
    group === 'webhooks'
      ? 'use `backend webhooks add URL`, `backend webhooks list` or `backend webhooks remove ID`'
      : `use \`backend ${group} add\``,
  )
}

/** Where `earshot backend` keeps its database by default; `--db` names another. */
export function backendDbOf(ctx: CliContext, db: string | undefined): string {
  if (db !== undefined && /^postgres(?:ql)?:\/\//.test(db)) return db
  return resolve(db ?? join(ctx.dataDir, 'backend', 'backend.db'))
}

/** The server's delivery audit log: beside its SQLite file, or in the data folder for PostgreSQL. */
export function deliveryAuditPathOf(ctx: CliContext, db: string): string {
  const dir = /^postgres(?:ql)?:\/\//.test(db) ? join(ctx.dataDir, 'backend') : dirname(db)
  return join(dir, 'delivery-audit', 'audit.db')
}

const dbOption = { db: { type: 'string' } } as const

async function add(
  ctx: CliContext,
  kind: 'webhooks' | 'slack' | 'hubspot',
  args: string[],
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...dbOption,
      events: { type: 'string' },
      'token-env': { type: 'string' },
      'base-url': { type: 'string' },
    },
  })
  const db = backendDbOf(ctx, values.db)
  let destination: {
    kind: DestinationKind
    url: string
    secret: string
    events: DeliveryEventType[]
  }
  if (kind === 'hubspot') {
    if (positionals.length > 0) throw new UsageError('backend hubspot add takes no URL')
    const name = values['token-env']
    if (name === undefined) throw new UsageError('backend hubspot add needs --token-env VAR')
    const token = ctx.io.env[name] ?? ''
    if (!hubspotToken.test(token)) {
      throw new CoreError(
        'hubspot-token-missing',
        `Set ${name} to the HubSpot private app's access token (crm.objects.notes.write, crm.objects.contacts.read).`,
      )
    }
    destination = {
      kind: 'hubspot',
      url: destinationUrl(values['base-url'] ?? HUBSPOT_API, true),
      secret: token,
      events: ['upload.received'],
    }
  } else {
    const [url, extra] = positionals
    if (url === undefined || extra !== undefined) {
      throw new UsageError(`backend ${kind} add takes one URL`)
    }
    const webhook = kind === 'webhooks'
    if (!webhook && values.events !== undefined) {
      throw new UsageError('Slack is sent upload.received only; --events is for webhooks')
    }
    destination = {
      kind: webhook ? 'webhook' : 'slack',
      url: destinationUrl(url, false),
      secret: webhook ? generateWebhookSecret() : '',
      events: webhook ? eventsOf(values.events) : ['upload.received'],
    }
  }
  const store = await openDeliveryStore(db)
  let stored: Destination
  try {
    stored = await store.addDestination(destination, new Date().toISOString())
  } finally {
    await store.close()
  }
  const shown = shownUrl(stored)
  const secretLine =
    stored.kind === 'webhook'
      ? `Signing secret (shown once; give it to the receiver): ${stored.secret}\n`
      : ''
  ctx.print(
    `Added ${stored.kind} ${stored.id} → ${shown} (${stored.events.join(', ')}).\n${secretLine}`,
    {
      id: stored.id,
      kind: stored.kind,
      url: shown,
      events: stored.events,
      ...(stored.kind === 'webhook' && { secret: stored.secret }),
    },
  )
  return 0
}

async function list(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: dbOption })
  const store = await openDeliveryStore(backendDbOf(ctx, values.db))
  let destinations: Destination[]
  let jobs: DeliveryJob[]
  try {
    destinations = await store.listDestinations()
    jobs = await store.listJobs()
  } finally {
    await store.close()
  }
  const rows = destinations.map((d) => {
    const counts = { pending: 0, delivered: 0, dead: 0, disabled: 0 }
    for (const job of jobs) if (job.destinationId === d.id) counts[job.state]++
    return {
      id: d.id,
      kind: d.kind,
      url: shownUrl(d),
      events: d.events,
      createdAt: d.createdAt,
      disabledAt: d.disabledAt,
      disabledReason: d.disabledReason,
      jobs: counts,
    }
  })
  const human =
    rows.length === 0
      ? 'No destinations.\n'
      : rows
          .map(
            (r) =>
              `${r.id}  ${r.kind.padEnd(7)}  ${r.url}  ${r.events.join(',')}  ` +
              `${r.jobs.delivered} delivered, ${r.jobs.pending} pending, ${r.jobs.dead} dead` +
              (r.disabledAt === null
                ? ''
                : `  DISABLED ${r.disabledAt}: ${r.disabledReason ?? ''}`) +
              '\n',
          )
          .join('')
  ctx.print(human, { destinations: rows })
  return 0
}

async function remove(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: dbOption })
  const [id, extra] = positionals
  if (id === undefined || extra !== undefined) {
    throw new UsageError('backend webhooks remove takes one destination id')
  }
  const store = await openDeliveryStore(backendDbOf(ctx, values.db))
  let removed: boolean
  try {
    removed = await store.removeDestination(id)
  } finally {
    await store.close()
  }
  if (!removed) throw new CoreError('destination-not-found', `No destination has the id ${id}.`)
  ctx.print(`Removed ${id}; its pending deliveries went with it.\n`, { id, removed: true })
  return 0
}

async function exportAudit(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...dbOption, out: { type: 'string' } } })
  if (values.out === undefined) throw new UsageError('backend audit export needs --out FILE')
  const out = resolve(values.out)
  const audit = AuditLog.open(deliveryAuditPathOf(ctx, backendDbOf(ctx, values.db)))
  try {
    const { entries, headHash } = audit.exportJsonl(out)
    ctx.print(
      `Exported ${entries} entries of the server's delivery audit log to ${out} (head ${headHash.slice(0, 12)}); check it with earshot audit verify --file.\n`,
      { out, entries, headHash },
    )
  } finally {
    audit.close()
  }
  return Promise.resolve(0)
}

/** https, or http on a literal loopback address (the gate's rule); no query, no credentials. */
function destinationUrl(text: string, origin: boolean): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`Not a URL: ${text}`)
  }
  const loopback = url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UsageError('A destination must be https (plain http only on 127.0.0.1 or [::1])')
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new UsageError('A destination URL may hold no credentials, query string or fragment')
  }
  return origin ? url.origin : url.href
}

function eventsOf(text: string | undefined): DeliveryEventType[] {
  if (text === undefined) return [...deliveryEventTypes]
  const events = text.split(',').map((name) => name.trim())
  for (const name of events) {
    if (!DeliveryEventType.safeParse(name).success) {
      throw new UsageError(`Unknown event ${name}; events are ${deliveryEventTypes.join(', ')}`)
    }
  }
  return [...new Set(events)] as DeliveryEventType[]
}

/** A Slack incoming webhook's path is its credential: only its origin is ever shown. */
export function shownUrl(destination: Destination): string {
  return destination.kind === 'slack' ? `${new URL(destination.url).origin}/…` : destination.url
}

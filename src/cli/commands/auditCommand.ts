import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { AuditListQuery } from '../../core/audit/AuditLog'
import {
  auditKinds,
  auditPurposes,
  type AuditListEntry,
  type VerifyReport,
} from '../../core/audit/types'
import { SEAL_KEY_NAME } from '../../core/audit/headSeal'
import { verifyJsonl } from '../../core/audit/verifyJsonl'
import type { WitnessedVerifyReport } from '../../core/sync/AuditWitness'
import { FileKeyStore } from '../../core/keys/FileKeyStore'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import type { CommandHelp } from '../commandHelp'

/**
 * `earshot audit list` · `earshot audit verify [--file export.jsonl] [--witness]` ·
 * `earshot audit export --out FILE`
 */
export function auditCommand(ctx: CliContext, args: string[]): number | Promise<number> {
  const [action, ...rest] = args
  if (action === 'list') return list(ctx, rest)
  if (action === 'verify') return verify(ctx, rest)
  if (action === 'export') return exportLog(ctx, rest)
  throw new UsageError(
    'use `audit list`, `audit verify [--file FILE] [--witness [--install-id ID]]` or `audit export --out FILE`',
  )
}

function list(ctx: CliContext, args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      limit: { type: 'string' },
      after: { type: 'string' },
      purpose: { type: 'string' },
      kind: { type: 'string' },
      payload: { type: 'boolean', default: false },
    },
  })
  // `--limit N` alone means the latest N (printed oldest first); with `--after` it pages forward.
  const query: AuditListQuery = {
    limit: positiveInt(values.limit ?? '100', '--limit'),
    newest: values.after === undefined,
  }
  if (values.after !== undefined) query.afterSeq = positiveInt(values.after, '--after', 0)
  if (values.purpose !== undefined) {
    query.purpose = oneOf(values.purpose, auditPurposes, '--purpose')
  }
  if (values.kind !== undefined) query.kind = oneOf(values.kind, auditKinds, '--kind')
  const entries = ctx.openCore().audit.list(query)
  ctx.print(
    entries.map(line).join(''),
    entries.map((entry) => toJson(entry, values.payload)),
  )
  return 0
}

/**
 * The database log is checked against the heads kept from receipts; `--witness` asks the backend
 * for its own record too. An export alone checks only itself; with `--witness`, it is held to the
 * same heads (docs/handoff/h6.md).
 */
async function verify(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      file: { type: 'string' },
      witness: { type: 'boolean', default: false },
      'install-id': { type: 'string' },
    },
  })
  const installId = values['install-id']
  if (installId !== undefined && !values.witness) {
    throw new UsageError('--install-id names whose heads to ask the backend for; add --witness')
  }
  if (installId !== undefined && !uuid.test(installId)) {
    throw new UsageError('--install-id must be an installation id (a UUID)')
  }
  const options = { witness: values.witness, ...(installId !== undefined && { installId }) }
  // An export alone is checked on its own, without opening (or creating) a data folder.
  const report =
    values.file !== undefined && !values.witness
      ? withoutWitnesses(verifyJsonl({ path: resolve(values.file) }, sealKeyOption(ctx)))
      : values.file === undefined
        ? await ctx.openCore().auditWitness.verifyLog(options)
        : await ctx.openCore().auditWitness.verifyExport(resolve(values.file), options)
  if (report.ok) {
    const { heads, highestSeq } = report.witnessed
    const witnessed =
      heads === 0 ? '' : `; agrees with ${heads} witnessed heads (up to ${highestSeq})`
    ctx.print(
      `ok: ${report.entries} entries, head ${report.headSeq} ${report.headHash}${witnessed}\n`,
      report,
    )
    return 0
  }
  const message = `audit log broken at seq ${report.firstBadSeq}: ${report.reason}`
  ctx.print(`${message}\n`, report)
  ctx.io.stderr.write(
    ctx.flags.json
      ? `${JSON.stringify({ error: { code: 'audit-broken', message } })}\n`
      : `earshot: ${message}\n`,
  )
  return 1
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function withoutWitnesses(report: VerifyReport): WitnessedVerifyReport {
  return report.ok ? { ...report, witnessed: { heads: 0, highestSeq: 0, fetched: false } } : report
}

/** This installation's seal key, when it has one, to check an export's head line with. */
function sealKeyOption(ctx: CliContext): { sealKey?: Buffer } {
  // Read where Core keeps it, without opening (and so creating) a data folder.
  const keys = new FileKeyStore({ dir: ctx.io.env.EARSHOT_KEYS_DIR ?? join(ctx.dataDir, 'keys') })
  let sealKey: Buffer | undefined
  try {
    sealKey = keys.get(SEAL_KEY_NAME)
  } catch {
    // In the app's keychain or unreadable: the seal goes unchecked, and the report says so.
  }
  return sealKey === undefined ? {} : { sealKey }
}

function exportLog(ctx: CliContext, args: string[]): number {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
  if (values.out === undefined) throw new UsageError('audit export needs --out FILE')
  const out = resolve(values.out)
  const { entries, headHash } = ctx.openCore().audit.exportJsonl(out)
  ctx.print(`${entries} entries written to ${out}\n`, { out, entries, headHash })
  return 0
}

function line(entry: AuditListEntry): string {
  const status = entry.status === null ? '-' : String(entry.status)
  const reason = entry.reason === null ? '' : `  ${entry.reason}`
  const erased = entry.erased_at === null ? '' : `  (${erasedNote(entry.erased_at)})`
  return `${entry.seq}  ${entry.ts}  ${entry.kind.padEnd(7)}  ${entry.purpose.padEnd(8)}  ${entry.method} ${entry.destination}  ${status}  ${entry.bytes} B${reason}${erased}\n`
}

/** "payload erased with the recording on 2026-12-02": the payload's key went with its recording. */
function erasedNote(erasedAt: string): string {
  return `payload erased with the recording on ${erasedAt.slice(0, 10)}`
}

/**
 * An entry as JSON: the payload (exact bytes, possibly large) only when asked for, as base64 —
 * decrypted when it was stored sealed, null with `payload_note` once erased with its recording.
 */
function toJson(entry: AuditListEntry, withPayload: boolean): Record<string, unknown> {
  const { payload, ...rest } = entry
  if (!withPayload) return rest
  return {
    ...rest,
    payload: payload === null ? null : Buffer.from(payload).toString('base64'),
    ...(entry.erased_at !== null && { payload_note: erasedNote(entry.erased_at) }),
  }
}

function positiveInt(text: string, flag: string, min = 1): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}`)
  }
  return value
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`)
  }
  return value as T
}

/** `earshot audit --help` and `earshot help audit`. */
export const auditHelp: CommandHelp = {
  usage: [
    'audit list [--limit N] [--after SEQ] [--purpose P] [--kind K] [--payload]',
    'audit verify [--file export.jsonl] [--witness [--install-id ID]]',
    'audit export --out FILE',
  ],
  summary: 'Read, verify or export the audit log of everything that left this machine.',
  flags: [
    {
      flag: '--limit N',
      description:
        'list: the newest N entries (default 100), oldest first; with --after, the N after SEQ',
    },
    { flag: '--after SEQ', description: 'list: only entries after sequence number SEQ' },
    { flag: '--purpose P', description: 'list: only entries with this purpose' },
    { flag: '--kind K', description: 'list: only entries of this kind' },
    { flag: '--payload', description: "list: include each entry's payload" },
    { flag: '--file FILE', description: 'verify: check an exported log instead' },
    { flag: '--witness', description: "verify: also compare heads with the backend's witness" },
    { flag: '--install-id ID', description: 'verify --witness: whose heads to ask for (a UUID)' },
    { flag: '--out FILE', description: 'export: the file to write' },
  ],
  examples: ['audit list --limit 20', 'audit verify --witness'],
}

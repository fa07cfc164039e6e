import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { AuditListQuery } from '../../core/audit/AuditLog'
import {
  auditKinds,
  auditPurposes,
  type AuditEntry,
  type VerifyReport,
} from '../../core/audit/types'
import { verifyJsonl } from '../../core/audit/verifyJsonl'
import type { CliContext } from '../context'
import { UsageError } from '../errors'

/** `earshot audit list` · `earshot audit verify [--file export.jsonl]` · `earshot audit export --out FILE` */
export function auditCommand(ctx: CliContext, args: string[]): number {
  const [action, ...rest] = args
  if (action === 'list') return list(ctx, rest)
  if (action === 'verify') return verify(ctx, rest)
  if (action === 'export') return exportLog(ctx, rest)
  throw new UsageError(
    'use `audit list`, `audit verify [--file FILE]` or `audit export --out FILE`',
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
  const query: AuditListQuery = { limit: positiveInt(values.limit ?? '100', '--limit') }
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

function verify(ctx: CliContext, args: string[]): number {
  const { values } = parseArgs({ args, options: { file: { type: 'string' } } })
  const report: VerifyReport =
    values.file === undefined
      ? ctx.openCore().audit.verify()
      : verifyJsonl({ path: resolve(values.file) })
  if (report.ok) {
    ctx.print(`ok: ${report.entries} entries, head ${report.headSeq} ${report.headHash}\n`, report)
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

function exportLog(ctx: CliContext, args: string[]): number {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
  if (values.out === undefined) throw new UsageError('audit export needs --out FILE')
  const out = resolve(values.out)
  const { entries, headHash } = ctx.openCore().audit.exportJsonl(out)
  ctx.print(`${entries} entries written to ${out}\n`, { out, entries, headHash })
  return 0
}

function line(entry: AuditEntry): string {
  const status = entry.status === null ? '-' : String(entry.status)
  const reason = entry.reason === null ? '' : `  ${entry.reason}`
  return `${entry.seq}  ${entry.ts}  ${entry.kind.padEnd(7)}  ${entry.purpose.padEnd(8)}  ${entry.method} ${entry.destination}  ${status}  ${entry.bytes} B${reason}\n`
}

/** An entry as JSON: the payload (exact bytes, possibly large) only when asked for, as base64. */
function toJson(entry: AuditEntry, withPayload: boolean): Record<string, unknown> {
  const { payload, ...rest } = entry
  return withPayload
    ? { ...rest, payload: payload === null ? null : Buffer.from(payload).toString('base64') }
    : rest
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

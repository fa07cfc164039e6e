import { randomUUID } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Core } from '../app'
import { CoreError } from '../CoreError'
import type { ApiHandlers } from './createApiHandlers'
import { toAuditEntryView, toAuditPayload } from './toAuditEntryView'

type AuditHandlers = Pick<
  ApiHandlers,
  'audit.list' | 'audit.entry' | 'audit.verify' | 'audit.export'
>

const DEFAULT_PAGE = 100

/** The Audit Log screen on `AuditLog` itself: its list, verify and export, nothing re-derived. */
export function auditHandlers(core: Core, clock: () => Date = () => new Date()): AuditHandlers {
  return {
    'audit.list': ({ afterSeq, limit = DEFAULT_PAGE, purpose, kind }) => {
      // One more than asked says whether another page follows without a count query.
      const rows = core.audit.list({
        limit: limit + 1,
        ...(afterSeq !== undefined && { afterSeq }),
        ...(purpose !== undefined && { purpose }),
        ...(kind !== undefined && { kind }),
      })
      const page = rows.slice(0, limit)
      return Promise.resolve({
        entries: page.map(toAuditEntryView),
        nextAfterSeq: rows.length > limit ? (page.at(-1)?.seq ?? null) : null,
      })
    },

    'audit.entry': ({ seq }) => {
      const [entry] = core.audit.list({ afterSeq: seq - 1, limit: 1 })
      if (entry?.seq !== seq) throw new CoreError('not-found', `The audit log has no entry ${seq}.`)
      return Promise.resolve({
        entry: toAuditEntryView(entry),
        payload: toAuditPayload(entry.payload === null ? null : new Uint8Array(entry.payload)),
      })
    },

    // With the heads kept from receipts: an erased or rewritten log fails here even while the app
    // runs (issue 15), not only in the CLI.
    'audit.verify': () => core.auditWitness.verifyLog(),

    'audit.export': async () => {
      // AuditLog writes the export atomically to a file; the page gets that file's exact text.
      const path = join(core.options.dataDir, 'exports', `audit-${randomUUID()}.jsonl`)
      try {
        const { entries, headHash } = core.audit.exportJsonl(path)
        const jsonl = await readFile(path, 'utf8')
        const day = clock().toISOString().slice(0, 10)
        return { fileName: `earshot-audit-${day}.jsonl`, jsonl, entries, headHash }
      } finally {
        await rm(path, { force: true })
      }
    },
  }
}

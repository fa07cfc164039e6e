import { existsSync, rmSync } from 'node:fs'
import type { AuditEntry, AuditEntryInput } from '../audit/types'
import { dataDirLayout, dataDirPath } from '../config/dataDirLayout'
import type { Db } from '../store/openDatabase'
import { forgetFreedPages } from './forgetFreedPages'

export interface WipeResult {
  /** Rows deleted per table, recordings first (their cascades are not counted separately). */
  deletedRows: Record<string, number>
  /** Entries of the data folder that existed and were removed (`imports`, `exports`, the token). */
  removed: string[]
  /** The audit entry that records the wipe. */
  auditEntry: AuditEntry
}

/**
 * Kept: the schema's own bookkeeping (the full-text tables empty with `segments`, by trigger), and
 * the audit heads backends witnessed: evidence about the audit log, which is kept, holding no
 * words (seq, hash, backend, install id), and what lets `audit verify` catch a rewrite later.
 */
const kept = /^(schema_migrations|sqlite_.*|segments_fts.*|witnessed_heads)$/

/** Removed whole: copies of media, short-lived exports, the sealed backend token. */
const removedEntries = ['imports', 'exports', 'backendToken'] as const

/** The audit entry's reason, the same whichever door asked (UI, API, CLI). */
export const DELETE_ALL_REASON =
  'delete all data: every recording, transcript, derived row, upload, receipt, setting, staged media copy and the saved backend token on this device were deleted'

/**
 * The end of "Delete all data" (DeletionService.deleteAll, after every recording's own delete):
 * deletes every row of every table in earshot.db — settings (so backend.url too), the install id
 * (a new one is made on the next upload, unlinkable to the old) and the first-run flag — then
 * VACUUMs so the file keeps no deleted pages and truncates the WAL; removes `imports/`,
 * `exports/` and the desktop app's sealed token file. Tables are found from the schema, so a
 * table a later migration adds is wiped too. Downloaded models stay: public files, not data.
 *
 * The audit log is not wiped: it is append-only by design (DESIGN.md §6), the record of what left
 * the device. The wipe is appended to it as kind `outcome`, purpose `deletion`, destination
 * `local:earshot.db`, method `DELETE`, with the row counts as payload: the audit format has no kind
 * for local events, and its fields are public, so this uses the existing ones as they are.
 */
export function wipeAllData(deps: {
  db: Db
  dataDir: string
  audit: { append: (input: AuditEntryInput) => AuditEntry }
}): WipeResult {
  const tables = deps.db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all() as string[]
  const deletedRows: Record<string, number> = {}
  deps.db.transaction(() => {
    for (const table of ['recordings', ...tables.filter((t) => t !== 'recordings')]) {
      if (kept.test(table)) continue
      deletedRows[table] = deps.db.prepare(`DELETE FROM "${table}"`).run().changes
    }
  })()
  deps.db.exec('VACUUM')
  forgetFreedPages(deps.db)
  const removed: string[] = []
  for (const entry of removedEntries) {
    const path = dataDirPath(deps.dataDir, entry)
    if (!existsSync(path)) continue
    rmSync(path, { recursive: true, force: true })
    removed.push(dataDirLayout[entry])
  }
  const payload = Buffer.from(JSON.stringify({ event: 'delete-all', deletedRows, removed }), 'utf8')
  const auditEntry = deps.audit.append({
    kind: 'outcome',
    purpose: 'deletion',
    destination: 'local:earshot.db',
    method: 'DELETE',
    payload,
    status: null,
    reason: DELETE_ALL_REASON,
  })
  return { deletedRows, removed, auditEntry }
}

import type { AuditEntry } from '../audit/types'
import type { AuditLog } from '../audit/AuditLog'
import type { Db } from '../store/openDatabase'

export interface WipeResult {
  /** Rows deleted per table, recordings first (their cascades are not counted separately). */
  deletedRows: Record<string, number>
  /** The audit entry that records the wipe. */
  auditEntry: AuditEntry
}

/** Kept: the schema's own bookkeeping. The full-text tables empty with `segments` (triggers). */
const kept = /^(schema_migrations|sqlite_.*|segments_fts.*)$/

/**
 * `earshot delete --all` (issue 4: "leaves nothing behind but an audit entry saying so"). Deletes
 * every row of every table in earshot.db — recordings and all derived rows, the upload queue with
 * its payloads, deletion receipts, settings (so backend.url too) and the install id (a new one is
 * made on the next upload, unlinkable to the old) — then VACUUMs so the file keeps no deleted
 * pages, and truncates the WAL. Tables are found from the schema, so a table a later migration adds
 * is wiped too. The token never was in the database (keychain or environment).
 *
 * The audit log is not wiped: it is append-only by design (DESIGN.md §6), the record of what left
 * the device. The wipe is appended to it as kind `outcome`, purpose `deletion`, destination
 * `local:earshot.db`, method `DELETE`, with the row counts as payload: the audit format has no kind
 * for local events, and its fields are public, so this uses the existing ones as they are.
 */
export function wipeAllData(deps: { db: Db; audit: AuditLog }): WipeResult {
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
  deps.db.pragma('wal_checkpoint(TRUNCATE)')
  const payload = Buffer.from(JSON.stringify({ event: 'delete-all', deletedRows }), 'utf8')
  const auditEntry = deps.audit.append({
    kind: 'outcome',
    purpose: 'deletion',
    destination: 'local:earshot.db',
    method: 'DELETE',
    payload,
    status: null,
    reason:
      'earshot delete --all: every recording, transcript, derived row, upload, receipt and setting on this device was deleted',
  })
  return { deletedRows, auditEntry }
}

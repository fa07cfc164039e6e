import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { auditColumns, auditSchema } from '../../src/core/audit/auditSchema'
import { GENESIS_HASH, hashAuditEntry } from '../../src/core/audit/hashAuditEntry'
import { writeHeadFile } from '../../src/core/audit/headFile'
import type { AuditEntry } from '../../src/core/audit/types'

/** What an outside editor keeps of an entry before re-chaining: everything but the chain fields. */
export type EntryContent = Omit<AuditEntry, 'seq' | 'prev_hash' | 'hash'>

/** Every row of `<dataDir>/audit.db`, read from outside the app. */
export function readAuditRows(dataDir: string): AuditEntry[] {
  const db = new Database(join(dataDir, 'audit.db'), { readonly: true })
  try {
    return db.prepare(`SELECT ${auditColumns} FROM audit_log ORDER BY seq`).all() as AuditEntry[]
  } finally {
    db.close()
  }
}

/** Numbers and hashes entries as the log would have: a chain that verifies on its own. */
export function rechain(contents: readonly EntryContent[]): AuditEntry[] {
  let prev = GENESIS_HASH
  return contents.map((content, i) => {
    const unhashed = { ...content, seq: i + 1, prev_hash: prev }
    const entry = { ...unhashed, hash: hashAuditEntry(unhashed) }
    prev = entry.hash
    return entry
  })
}

/**
 * The strongest outside edit the review ran, with the app stopped or running: the triggers dropped,
 * the rows replaced by `edit(rows)` re-chained from genesis, the triggers put back, the WAL folded
 * in, and `audit.head` rewritten to the new last entry. The files then verify on their own.
 */
export function rewriteAuditLog(
  dataDir: string,
  edit: (rows: AuditEntry[]) => EntryContent[],
): AuditEntry[] {
  const entries = rechain(edit(readAuditRows(dataDir)))
  const db = new Database(join(dataDir, 'audit.db'))
  try {
    db.pragma('busy_timeout = 10000')
    db.transaction(() => {
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;')
      db.exec('DELETE FROM audit_log')
      const insert = db.prepare(
        `INSERT INTO audit_log (${auditColumns}) VALUES (${auditColumns.replace(/\w+/g, '?')})`,
      )
      for (const e of entries) {
        insert.run(
          ...[e.seq, e.ts, e.kind, e.purpose, e.destination, e.method, e.bytes, e.payload_sha256],
          ...[e.payload === null ? null : Buffer.from(e.payload), e.status, e.reason],
          ...[e.prev_hash, e.hash],
        )
      }
      // The triggers of the schema, re-created as they were, so the file looks untouched.
      const triggers = auditSchema.slice(auditSchema.indexOf('CREATE TRIGGER'))
      db.exec(triggers)
    })()
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.close()
  }
  const last = entries.at(-1)
  writeHeadFile(join(dataDir, 'audit.head'), last ?? { seq: 0, hash: GENESIS_HASH })
  return entries
}

/** `rm audit.db* audit.head`: the log erased from outside. */
export function eraseAuditLog(dataDir: string): void {
  for (const name of ['audit.db', 'audit.db-wal', 'audit.db-shm', 'audit.head']) {
    rmSync(join(dataDir, name), { force: true })
  }
}

/** Just the content of each entry, as `rewriteAuditLog`'s edit hands it back. */
export function contentOf(entry: AuditEntry): EntryContent {
  const content: Partial<AuditEntry> = { ...entry }
  delete content.seq
  delete content.prev_hash
  delete content.hash
  return content as EntryContent
}

import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { auditColumnsV2, auditSchema } from '../../src/core/audit/auditSchema'
import { GENESIS_HASH, hashAuditEntry } from '../../src/core/audit/hashAuditEntry'
import { writeHeadFile } from '../../src/core/audit/headFile'
import { SEAL_KEY_NAME, sealHead } from '../../src/core/audit/headSeal'
import { PayloadKeyring } from '../../src/core/audit/PayloadKeyring'
import type { AuditEntry, PayloadCipher } from '../../src/core/audit/types'
import { FileKeyStore } from '../../src/core/keys/FileKeyStore'
import { openDataFolderSqlite } from './openDataFolderDatabase'

// The attacker of these helpers holds the keychain as well as the files (in CLI mode, the
// `<dataDir>/keys` folder): the case only witnesses can catch, since without the keys the seals
// of docs/audit-format.md §5 already show every edit locally (test/redteam/auditRecordAttacks).
const keysOf = (dataDir: string) => new FileKeyStore({ dir: join(dataDir, 'keys') })

/** What an outside editor keeps of an entry before re-chaining: everything but the chain fields. */
export type EntryContent = Omit<AuditEntry, 'seq' | 'prev_hash' | 'hash'>

/** A sealed payload as stored, kept beside its opened plaintext so an unedited entry re-chains as it was. */
const STORED = Symbol('stored payload')
type Sealed = { [STORED]?: { plain: Uint8Array | null; stored: Uint8Array } }

/**
 * Every row of `<dataDir>/audit.db`, read from outside the app, in its stored form, with sealed
 * payloads opened with the recording's key (the attacker has the keychain).
 */
export function readAuditRows(dataDir: string): AuditEntry[] {
  const db = openDataFolderSqlite(dataDir, 'auditLog', { readonly: true })
  const keyring = new PayloadKeyring(keysOf(dataDir))
  try {
    const rows = db
      .prepare(`SELECT ${auditColumnsV2} FROM audit_log ORDER BY seq`)
      .all() as (AuditEntry & { row_seal?: string | null })[]
    return rows.map(({ recording_id, payload_cipher, row_seal: _seal, ...entry }) => {
      // Stored form 1 rows hold NULL here (the column came with schema 2).
      if ((payload_cipher as PayloadCipher | null | undefined) == null) return entry
      const form2 = { ...entry, recording_id: recording_id ?? null, payload_cipher }
      if (payload_cipher !== 'aes-256-gcm' || entry.payload === null) return form2
      const plain = keyring.open(recording_id ?? '', entry.payload)
      const sealed: AuditEntry & Sealed = {
        ...form2,
        payload: plain ?? entry.payload,
        [STORED]: { plain, stored: entry.payload },
      }
      return sealed
    })
  } finally {
    db.close()
  }
}

/** The entry as it would be stored: its seal if untouched, else its plaintext stored plain. */
function storedForm(content: EntryContent & Sealed): EntryContent {
  const sealed = content[STORED]
  if (sealed === undefined) return content
  return content.payload === sealed.plain
    ? { ...content, payload: sealed.stored }
    : { ...content, payload_cipher: 'none' }
}

/** Numbers and hashes entries as the log would have: a chain that verifies on its own. */
export function rechain(contents: readonly EntryContent[]): AuditEntry[] {
  let prev = GENESIS_HASH
  return contents.map((content, i) => {
    const unhashed = { ...storedForm(content), seq: i + 1, prev_hash: prev }
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
  const db = openDataFolderSqlite(dataDir, 'auditLog')
  try {
    db.pragma('busy_timeout = 10000')
    db.transaction(() => {
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;')
      db.exec('DELETE FROM audit_log')
      const insert = db.prepare(
        `INSERT INTO audit_log (${auditColumnsV2}) VALUES (${auditColumnsV2.replace(/\w+/g, '?')})`,
      )
      const sealKey = keysOf(dataDir).get(SEAL_KEY_NAME)
      for (const e of entries) {
        insert.run(
          ...[e.seq, e.ts, e.kind, e.purpose, e.destination, e.method, e.bytes, e.payload_sha256],
          ...[e.payload === null ? null : Buffer.from(e.payload), e.status, e.reason],
          ...[e.prev_hash, e.hash, e.recording_id ?? null, e.payload_cipher ?? null],
          sealKey === undefined ? null : sealHead(sealKey, e),
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
  const last = entries.at(-1) ?? { seq: 0, hash: GENESIS_HASH }
  const sealKey = keysOf(dataDir).get(SEAL_KEY_NAME)
  writeHeadFile(join(dataDir, 'audit.head'), {
    seq: last.seq,
    hash: last.hash,
    ...(sealKey !== undefined && { seal: sealHead(sealKey, last) }),
  })
  return entries
}

/** `rm audit.db* audit.head`, and the seal key from the keychain: the log erased from outside. */
export function eraseAuditLog(dataDir: string): void {
  for (const name of ['audit.db', 'audit.db-wal', 'audit.db-shm', 'audit.head']) {
    rmSync(join(dataDir, name), { force: true })
  }
  keysOf(dataDir).delete(SEAL_KEY_NAME)
}

/** Just the content of each entry, as `rewriteAuditLog`'s edit hands it back. */
export function contentOf(entry: AuditEntry): EntryContent {
  const content: Partial<AuditEntry> = { ...entry }
  delete content.seq
  delete content.prev_hash
  delete content.hash
  return content as EntryContent
}

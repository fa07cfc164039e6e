import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { auditColumnsV2 } from '../../../src/core/audit/auditSchema'
import { ChainVerifier } from '../../../src/core/audit/ChainVerifier'
import { GENESIS_HASH, hashAuditEntry } from '../../../src/core/audit/hashAuditEntry'
import type { AuditEntry } from '../../../src/core/audit/types'
import { passesFastRowCheck } from '../../../src/core/audit/passesFastRowCheck'
import { useTempDir } from '../../support/tempDir'
import { buildChain } from './support/buildChain'
import { seededRandom, type Random } from './support/seededRandom'

const tempDir = useTempDir('earshot-fast-row-')
const MUTATIONS = 3_000

/** What the general road is handed for a row (AuditLog's fromRawRow: form 1 without form 2's fields). */
function toRecord(row: readonly unknown[]): Record<string, unknown> {
  const names = auditColumnsV2.split(',').map((name) => name.trim())
  const record = Object.fromEntries(names.slice(0, 15).map((name, i) => [name, row[i]]))
  if (row[14] === null) {
    delete record.recording_id
    delete record.payload_cipher
  }
  return record
}

/** The general road's verdict on `row` as entry `index` of `rows` (those before it intact). */
function generalAccepts(rows: readonly (readonly unknown[])[], index: number, row: unknown[]) {
  const verifier = new ChainVerifier({ head: null, source: 'head file', mayLag: true })
  for (const before of rows.slice(0, index)) {
    if (!verifier.push(toRecord(before))) throw new Error('an intact row was refused')
  }
  return verifier.push(toRecord(row))
}

/** Form 1 rows as a log from before seals holds them: the last three columns NULL. */
function form1Rows(): unknown[][] {
  return buildChain(60, seededRandom(11)).map((entry) => [
    entry.seq, entry.ts, entry.kind, entry.purpose, entry.destination, entry.method, entry.bytes,
    entry.payload_sha256, entry.payload === null ? null : Buffer.from(entry.payload), entry.status,
    entry.reason, entry.prev_hash, entry.hash, null, null, null,
  ]) // prettier-ignore
}

/** Form 2 rows written by AuditLog itself: sealed payloads, plain ones, none, non-ASCII. */
function form2Rows(dir: string): unknown[][] {
  const path = join(dir, 'audit.db')
  const log = AuditLog.open(path)
  for (let i = 0; i < 60; i += 1) {
    log.append({
      kind: (['attempt', 'outcome', 'blocked'] as const)[i % 3] ?? 'attempt',
      purpose: 'upload',
      destination: `https://api.earshot.example/v1/transcripts/é${i}`,
      method: 'POST',
      payload: i % 5 === 0 ? null : Buffer.from(`{"text":"Grüße ☎ \u001f ${i}"}`),
      status: i % 3 === 1 ? 201 : null,
      reason: i % 4 === 0 ? `refused "x"\n${i}` : null,
      recordingId: i % 2 === 0 ? `rec-${i % 7}` : null,
    })
  }
  log.close()
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare(`SELECT ${auditColumnsV2} FROM audit_log ORDER BY seq`)
      .raw()
      .all() as unknown[][]
  } finally {
    db.close()
  }
}

/** One small change to one column, of the kinds a tamperer or a broken file produces. */
function mutateColumn(row: readonly unknown[], random: Random): unknown[] {
  const changed = row.slice()
  const column = random.int(0, 14)
  const value = changed[column]
  const options: unknown[] = [null, 0, -1, 1.5, 2 ** 53, '', 'x', true, Buffer.alloc(0), '\ud800']
  if (typeof value === 'number') options.push(value + 1, value - 1, String(value))
  if (typeof value === 'string' && value.length > 0) {
    const at = random.int(0, value.length - 1)
    const code = value.charCodeAt(at)
    options.push(
      value.slice(0, at) + String.fromCharCode(code === 0x61 ? 0x62 : 0x61) + value.slice(at + 1),
      value.toUpperCase(),
      `${value} `,
      value.slice(1),
      `${value.slice(0, at)}\ud800${value.slice(at)}`,
    )
  }
  if (Buffer.isBuffer(value)) {
    const flipped = Buffer.from(value)
    const at = random.int(0, flipped.length - 1)
    if (flipped.length > 0) flipped[at] = (flipped[at] ?? 0) ^ (1 << random.int(0, 7))
    options.push(flipped, Buffer.concat([value, Buffer.from([0])]), new Uint8Array(value))
    options.push(value.toString('base64'))
  }
  changed[column] = random.pick(options)
  // Half the time the forger also rehashes the entry, so that only the payload and shape rules
  // (not the hash) can catch the change.
  if (random.next() < 0.5) {
    try {
      changed[12] = hashAuditEntry(toRecord(changed) as unknown as Omit<AuditEntry, 'hash'>)
    } catch {
      // A value that cannot be hashed (a string payload, a lone surrogate) stays as changed.
    }
  }
  return changed
}

describe('the database verifier’s fast road', () => {
  let form2: unknown[][]
  beforeAll(() => {
    form2 = form2Rows(tempDir())
  })

  it('takes every intact row of both stored forms, sealed payloads included', () => {
    expect(form2.some((row) => row[14] === 'aes-256-gcm')).toBe(true)
    expect(form2.some((row) => row[14] === 'none' && row[8] !== null)).toBe(true)
    for (const rows of [form1Rows(), form2]) {
      let prevHash = GENESIS_HASH
      rows.forEach((row, i) => {
        expect(passesFastRowCheck(row, i + 1, prevHash)).toBe(true)
        prevHash = row[12] as string
      })
    }
  })

  it('never accepts a changed row the general check refuses', () => {
    const random = seededRandom(2026)
    const sets = [form1Rows(), form2]
    let refusedByBoth = 0
    for (let m = 0; m < MUTATIONS; m += 1) {
      const rows = random.pick(sets)
      const index = random.int(0, rows.length - 1)
      const row = mutateColumn(rows[index] as unknown[], random)
      const prevHash = index === 0 ? GENESIS_HASH : ((rows[index - 1] as unknown[])[12] as string)
      let general: boolean
      try {
        general = generalAccepts(rows, index, row)
      } catch {
        // The general road throws on a string canonical JSON cannot hold; never a pass.
        general = false
      }
      const fast = passesFastRowCheck(row, index + 1, prevHash)
      if (fast && !general) {
        throw new Error(`fast road accepted mutation ${m} of row ${index + 1}: ${String(row)}`)
      }
      if (!fast && !general) refusedByBoth += 1
    }
    // Most single changes break the entry; the few that do not (status 0 → 0) both accept.
    expect(refusedByBoth).toBeGreaterThan(MUTATIONS * 0.6)
  })

  it('does not take a row at the wrong place in the chain', () => {
    const rows = form1Rows()
    const second = rows[1] as unknown[]
    expect(passesFastRowCheck(second, 2, (rows[0] as unknown[])[12] as string)).toBe(true)
    expect(passesFastRowCheck(second, 3, (rows[0] as unknown[])[12] as string)).toBe(false)
    expect(passesFastRowCheck(second, 2, GENESIS_HASH)).toBe(false)
  })
})

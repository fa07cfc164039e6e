import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { canonicalJson } from '../../../src/core/audit/canonicalJson'
import { toHashedRecord } from '../../../src/core/audit/hashAuditEntry'
import type { AuditEntry } from '../../../src/core/audit/types'
import { verifyWitnessedHeads } from '../../../src/core/audit/verifyWitnessedHeads'
import { AuditWitness } from '../../../src/core/sync/AuditWitness'
import type { WitnessedHeadRecord } from '../../../src/core/sync/WitnessedHeadStore'
import {
  contentOf,
  eraseAuditLog,
  readAuditRows,
  rewriteAuditLog,
  type EntryContent,
} from '../../support/tamperAuditLog'
import { useTempDir } from '../../support/tempDir'
import { seededRandom, type Random } from './support/seededRandom'
import { dataFolderKey } from '../../support/openDataFolderDatabase'

const SCENARIOS = 80
const WITNESS = 'https://witness.example/'
const tempDir = useTempDir()

const edits = ['none', 'drop', 'reorder', 'rewrite', 'truncate', 'replace', 'erase'] as const
type Edit = (typeof edits)[number]

/** A witnessed head, and what the log held up to it when the backend saw it (the oracle's view). */
interface Witnessed extends WitnessedHeadRecord {
  prefix: EntryContent[]
}

/** Appends and witnessed uploads as the gate makes them: an upload's attempt is what is witnessed. */
function appendSome(log: AuditLog, dataDir: string, random: Random): Witnessed[] {
  const witnessed: Witnessed[] = []
  const steps = random.int(1, 8)
  for (let step = 0; step < steps; step++) {
    const payload = Buffer.from(JSON.stringify({ step, n: random.int(0, 1e9) }))
    if (random.next() < 0.5) {
      const attempt = log.append({
        kind: 'attempt',
        purpose: 'upload',
        destination: 'https://witness.example/v1/transcripts',
        method: 'POST',
        payload,
        status: null,
        reason: null,
      })
      witnessed.push({
        backend: WITNESS,
        installId: '00000000-0000-4000-8000-000000000000',
        seq: attempt.seq,
        hash: attempt.hash,
        witnessedAt: attempt.ts,
        prefix: readAuditRows(dataDir).map(contentOf),
      })
      log.append({ ...outcome, payload: Buffer.from(`{"receipt":${step}}`) })
    } else {
      log.append({ ...blocked, reason: `refused ${random.int(0, 1e9)}` })
    }
  }
  return witnessed
}

const outcome = {
  kind: 'outcome',
  purpose: 'upload',
  destination: 'https://witness.example/v1/transcripts',
  method: 'POST',
  status: 201,
  reason: null,
} as const
const blocked = {
  kind: 'blocked',
  purpose: 'analytics',
  destination: 'https://api2.amplitude.com/2/httpapi',
  method: 'POST',
  payload: null,
  status: null,
} as const

/** One outside edit of the entries' contents; the files are then re-chained consistently. */
function applyEdit(edit: Edit, rows: AuditEntry[], random: Random): EntryContent[] {
  const contents = rows.map(contentOf)
  const at = () => random.int(0, contents.length - 1)
  switch (edit) {
    case 'none':
    case 'erase':
      return contents
    case 'drop':
      contents.splice(at(), 1)
      return contents
    case 'reorder': {
      const [i, j] = [at(), at()]
      const a = contents[i]
      const b = contents[j]
      if (a === undefined || b === undefined) return contents
      contents[i] = b
      contents[j] = a
      return contents
    }
    case 'rewrite': {
      const i = at()
      const entry = contents[i]
      if (entry !== undefined) contents[i] = { ...entry, reason: 'nothing happened here' }
      return contents
    }
    case 'truncate':
      return contents.slice(0, random.int(0, contents.length - 1))
    case 'replace': {
      const from = at()
      const forged = Array.from({ length: random.int(1, 4) }, (_, k) => ({
        ...blocked,
        ts: new Date(Date.UTC(2030, 0, 1, 0, 0, k)).toISOString(),
        bytes: 0,
        payload_sha256: null,
        reason: `forged ${k}`,
      }))
      return [...contents.slice(0, from), ...forged]
    }
  }
}

/**
 * The oracle, from contents and positions only (no hashes): a final log contradicts a witnessed
 * head exactly when it no longer holds, entry for entry, what the log held up to that head when
 * the backend saw it (missing entries included).
 */
function contradicts(head: Witnessed, final: EntryContent[]): boolean {
  const same = (a: EntryContent | undefined, b: EntryContent | undefined) =>
    a !== undefined &&
    b !== undefined &&
    canonicalJson(toHashedRecord({ ...a, seq: 0, prev_hash: '' })) ===
      canonicalJson(toHashedRecord({ ...b, seq: 0, prev_hash: '' }))
  return head.prefix.some((entry, i) => !same(entry, final[i]))
}

describe('property: witnessed heads against random outside edits of the audit log', () => {
  it(`detects every edit that contradicts a witnessed head, and only those (${SCENARIOS} seeded scenarios)`, async () => {
    const seen = new Map<string, number>()
    for (let seed = 1; seed <= SCENARIOS; seed++) {
      const random = seededRandom(seed)
      const dataDir = tempDir()
      const path = join(dataDir, 'audit.db')
      let log = AuditLog.open(path, { databaseKey: dataFolderKey(dataDir) })
      const witnessed: Witnessed[] = []
      const history: string[] = []
      // Rounds of appends and witnessed uploads, each followed by an outside edit; the app then
      // carries on writing (and being witnessed) on whatever the edit left.
      for (let round = random.int(1, 3); round > 0; round--) {
        witnessed.push(...appendSome(log, dataDir, random))
        const edit = random.pick(edits)
        // Some edits happen under a running app (the log stays open), others while it is stopped.
        const running = edit !== 'erase' && random.next() < 0.5
        history.push(`${edit}${running ? ' (running)' : ''}`)
        seen.set(edit, (seen.get(edit) ?? 0) + 1)
        if (!running) log.close()
        if (edit === 'erase') eraseAuditLog(dataDir)
        else rewriteAuditLog(dataDir, (rows) => applyEdit(edit, rows, random))
        if (!running) log = AuditLog.open(path, { databaseKey: dataFolderKey(dataDir) })
      }
      const final = readAuditRows(dataDir)
      const finalContents = final.map(contentOf)
      const contradicted = witnessed.filter((head) => contradicts(head, finalContents))
      const label = `seed ${seed}: ${history.join(', ')}; witnessed ${witnessed.map((h) => h.seq).join(',')}; contradicted ${contradicted.map((h) => h.seq).join(',')}`

      const heads = witnessed.map(({ prefix: _prefix, ...head }) => head)
      const report = await new AuditWitness({
        audit: log,
        localHeads: () => heads,
        fetchHeads: () => Promise.reject(new Error('no backend in this test')),
      }).verifyLog()
      const alone = verifyWitnessedHeads(
        { lastSeq: final.length, hashAt: (seq) => final[seq - 1]?.hash },
        heads.map((head) => ({ ...head, witness: head.backend })),
      )
      log.close()
      if (contradicted.length > 0) {
        // The lowest contradicted head, or just past the log's end when that head lies beyond it.
        const lowest = Math.min(...contradicted.map((head) => head.seq))
        const expected = lowest > final.length ? final.length + 1 : lowest
        expect(alone.ok ? null : alone.firstBadSeq, label).toBe(expected)
        expect(report.ok ? null : report.firstBadSeq, label).toBe(expected)
        seen.set('contradicted', (seen.get('contradicted') ?? 0) + 1)
      } else {
        expect(alone.ok, label).toBe(true)
        seen.set('consistent', (seen.get('consistent') ?? 0) + 1)
      }
    }
    // The seeds reach every edit, and both sides of the property.
    for (const edit of edits) expect(seen.get(edit), edit).toBeGreaterThan(0)
    expect(seen.get('contradicted')).toBeGreaterThan(SCENARIOS / 4)
    expect(seen.get('consistent')).toBeGreaterThan(0)
  })
})

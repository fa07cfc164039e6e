import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../../src/core/audit/canonicalJson'
import { toHashedRecord } from '../../../src/core/audit/hashAuditEntry'
import {
  EXPORT_HEADER,
  exportEntryLine,
  exportHeadLine,
} from '../../../src/core/audit/exportFormat'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import type { AuditEntry } from '../../../src/core/audit/types'
import { buildChain, nextEntry } from './support/buildChain'
import { seededRandom, type Random } from './support/seededRandom'

const ENTRIES = 500
const MUTATIONS = 1_000

/** Lines of an export, as bytes so that a single byte can be changed. */
function exportLines(entries: AuditEntry[]): Buffer[] {
  const last = entries.at(-1)
  if (last === undefined) throw new Error('empty chain')
  return [
    EXPORT_HEADER,
    ...entries.map(exportEntryLine),
    exportHeadLine({ seq: last.seq, hash: last.hash }),
  ].map((line) => Buffer.from(line, 'utf8'))
}

function join(lines: Buffer[]): Buffer {
  return Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')]))
}

interface Mutation {
  name: string
  lines: Buffer[]
  /** The report must name a seq in this range: where the damage is, or the entry just after. */
  firstBadSeq: [number, number]
}

const fields = Object.keys({
  ...toHashedRecord(buildChain(1, seededRandom(0))[0] as AuditEntry),
  hash: '',
})

/** One random single change of the kinds the issue lists; `lines[k]` holds the entry with seq k. */
function mutate(original: Buffer[], entries: AuditEntry[], random: Random): Mutation {
  const lines = original.slice()
  const last = lines.length - 1
  const kind = random.pick([
    'edit',
    'edit',
    'edit',
    'delete',
    'swap',
    'truncate',
    'insert',
  ] as const)
  switch (kind) {
    case 'edit': {
      // A byte of any field of any entry, and now and then of the header or head line.
      const roll = random.next()
      const index = roll < 0.03 ? 0 : roll < 0.06 ? last : random.int(1, last - 1)
      const line = Buffer.from(lines[index] as Buffer)
      let start = 0
      let end = line.length
      if (index !== 0 && index !== last) {
        const field = random.pick(fields)
        const record = { ...toHashedRecord(entries[index - 1] as AuditEntry), hash: '' }
        const value =
          field === 'hash'
            ? (entries[index - 1] as AuditEntry).hash
            : record[field as keyof typeof record]
        const member = Buffer.from(`${canonicalJson(field)}:${canonicalJson(value)}`)
        start = line.indexOf(member)
        expect(start).toBeGreaterThanOrEqual(0)
        end = start + member.length
      }
      const at = random.int(start, end - 1)
      line[at] = ((line[at] as number) + random.int(1, 255)) % 256
      lines[index] = line
      // A damaged head line leaves the entries intact but no longer vouches for where they end.
      const range: [number, number] =
        index === 0 ? [1, 1] : index === last ? [1, entries.length + 1] : [index, index]
      return { name: `edit byte ${at} of line ${index}`, lines, firstBadSeq: range }
    }
    case 'delete': {
      const seq = random.int(1, entries.length)
      lines.splice(seq, 1)
      return { name: `delete entry ${seq}`, lines, firstBadSeq: [seq, seq] }
    }
    case 'swap': {
      const a = random.int(1, entries.length - 1)
      const b = random.int(a + 1, entries.length)
      ;[lines[a], lines[b]] = [lines[b] as Buffer, lines[a] as Buffer]
      return { name: `swap entries ${a} and ${b}`, lines, firstBadSeq: [a, a] }
    }
    case 'truncate': {
      // Cut entries off the end, keeping the head line or losing it too.
      const keep = random.int(0, entries.length - 1)
      const head = random.next() < 0.5 ? [lines[last] as Buffer] : []
      const cut = [...lines.slice(0, keep + 1), ...head]
      return {
        name: `truncate to ${keep} (head line ${head.length ? 'kept' : 'lost'})`,
        lines: cut,
        firstBadSeq: [keep + 1, keep + 1],
      }
    }
    case 'insert': {
      // Either a copy of an existing entry, or a forged one correctly chained onto its predecessor.
      const seq = random.int(1, entries.length + 1)
      const forged = random.next() < 0.5
      const line = forged
        ? Buffer.from(
            exportEntryLine(nextEntry(seq === 1 ? null : (entries[seq - 2] as AuditEntry), random)),
          )
        : (lines[random.int(1, entries.length)] as Buffer)
      lines.splice(seq, 0, line)
      return {
        name: `insert ${forged ? 'forged' : 'copied'} entry before ${seq}`,
        lines,
        firstBadSeq: [seq, seq + 1],
      }
    }
  }
}

describe('tamper evidence of a JSON Lines export', () => {
  const random = seededRandom(0x5eed)
  const entries = buildChain(ENTRIES, random)
  const lines = exportLines(entries)

  it('the untouched export verifies', () => {
    expect(verifyJsonl({ text: join(lines) })).toEqual({
      ok: true,
      entries: ENTRIES,
      headSeq: ENTRIES,
      headHash: entries.at(-1)?.hash,
      seal: 'absent',
    })
  })

  it(`detects each of ${MUTATIONS} random single mutations of a ${ENTRIES}-entry log`, () => {
    const seen = new Map<string, number>()
    for (let i = 0; i < MUTATIONS; i += 1) {
      const mutation = mutate(lines, entries, random)
      const report = verifyJsonl({ text: join(mutation.lines) })
      const label = `mutation ${i}: ${mutation.name} → ${JSON.stringify(report)}`
      expect(report.ok, label).toBe(false)
      if (report.ok) continue
      expect(report.firstBadSeq, label).toBeGreaterThanOrEqual(mutation.firstBadSeq[0])
      expect(report.firstBadSeq, label).toBeLessThanOrEqual(mutation.firstBadSeq[1])
      const kind = mutation.name.split(' ')[0] as string
      seen.set(kind, (seen.get(kind) ?? 0) + 1)
    }
    expect([...seen.keys()].sort()).toEqual(['delete', 'edit', 'insert', 'swap', 'truncate'])
  })
})

import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../../src/core/audit/canonicalJson'
import { GENESIS_HASH, hashAuditEntry } from '../../../src/core/audit/hashAuditEntry'
import type { AuditEntry } from '../../../src/core/audit/types'

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every depth and leaves out all whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { z: 'x', Z: 'y' }], é: 0, e: -0 })).toBe(
      '{"a":[true,null,{"Z":"y","z":"x"}],"b":1,"e":0,"é":0}',
    )
  })

  it('escapes strings as JSON.stringify does', () => {
    expect(canonicalJson('a"b\\c\n\u0001😀')).toBe('"a\\"b\\\\c\\n\\u0001😀"')
  })

  it('refuses values that have no single spelling', () => {
    for (const value of [1.5, Number.NaN, Infinity, 2 ** 53, '\ud800', undefined]) {
      expect(() => canonicalJson(value as never), String(value)).toThrow(/Canonical JSON/)
    }
  })

  it('refuses undefined nested anywhere, never writing it as null or leaving the key out', () => {
    const nested = [
      { a: undefined },
      { a: 1, b: undefined },
      // Keys out of order: the slow path.
      { b: 1, a: undefined },
      { a: { b: { c: undefined } } },
      { a: [1, undefined] },
      [undefined],
      // A hole reads as undefined.
      // eslint-disable-next-line no-sparse-arrays
      [1, , 2],
    ]
    for (const value of nested) {
      expect(() => canonicalJson(value as never), JSON.stringify(value)).toThrow(
        /^Canonical JSON cannot hold undefined values/,
      )
    }
    expect(() => canonicalJson({ z: 1, y: undefined } as never)).toThrow(
      'Canonical JSON cannot hold undefined values (at key "y").',
    )
    // A real null is still null: the two are no longer one spelling.
    expect(canonicalJson({ b: 1, a: null })).toBe('{"a":null,"b":1}')
  })
})

describe('hashAuditEntry', () => {
  const entry: Omit<AuditEntry, 'hash'> = {
    seq: 1,
    ts: '2025-01-01T00:00:00.000Z',
    kind: 'attempt',
    purpose: 'upload',
    destination: 'https://api.earshot.example/v1/transcripts',
    method: 'POST',
    bytes: 2,
    payload_sha256: createHash('sha256').update('{}').digest('hex'),
    payload: Buffer.from('{}'),
    status: null,
    reason: null,
    prev_hash: GENESIS_HASH,
  }

  it('is SHA-256 over the domain tag, the previous hash in hex and the canonical entry', () => {
    const canonical =
      '{"bytes":2,"destination":"https://api.earshot.example/v1/transcripts","kind":"attempt",' +
      '"method":"POST","payload":"e30=","payload_sha256":"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",' +
      `"prev_hash":"${GENESIS_HASH}","purpose":"upload","reason":null,"seq":1,"status":null,` +
      '"ts":"2025-01-01T00:00:00.000Z"}'
    const expected = createHash('sha256')
      .update(`earshot-audit-v1\0${GENESIS_HASH}${canonical}`, 'utf8')
      .digest('hex')
    expect(hashAuditEntry(entry)).toBe(expected)
    // Pinned: changing the hashed form breaks every existing log, so it needs a new domain tag.
    expect(expected).toMatchInlineSnapshot(
      `"fb885510b2169b89cca932930f90d57219c6520f7c7bc60bfa57f841a0eeaac2"`,
    )
  })
})

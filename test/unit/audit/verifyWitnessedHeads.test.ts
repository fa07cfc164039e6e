import { describe, expect, it } from 'vitest'
import {
  verifyWitnessedHeads,
  type VerifiedChain,
} from '../../../src/core/audit/verifyWitnessedHeads'

const hashOf = (seq: number, variant = 'a') => variant.repeat(63) + (seq % 10).toString()
const chain = (length: number, variant = 'a'): VerifiedChain => ({
  lastSeq: length,
  hashAt: (seq) => (seq >= 1 && seq <= length ? hashOf(seq, variant) : undefined),
})
const head = (seq: number, variant = 'a') => ({
  seq,
  hash: hashOf(seq, variant),
  witness: 'https://b.example/',
})

describe('verifyWitnessedHeads', () => {
  it('accepts a chain that holds every witnessed head, and one that has grown since', () => {
    expect(verifyWitnessedHeads(chain(9), [head(3), head(7)])).toEqual({
      ok: true,
      heads: 2,
      highestSeq: 7,
    })
    expect(verifyWitnessedHeads(chain(0), [])).toEqual({ ok: true, heads: 0, highestSeq: 0 })
  })

  it('fails a chain that ends before a witnessed head, naming the first missing seq', () => {
    expect(verifyWitnessedHeads(chain(0), [head(1)])).toMatchObject({ ok: false, firstBadSeq: 1 })
    expect(verifyWitnessedHeads(chain(5), [head(2), head(6)])).toMatchObject({
      ok: false,
      firstBadSeq: 6,
      reason: expect.stringMatching(/witnessed entry 6, but the log ends at 5/) as string,
      witness: 'https://b.example/',
    })
  })

  it('fails a chain that holds another entry at a witnessed seq, reporting the lowest', () => {
    const report = verifyWitnessedHeads(chain(9, 'b'), [head(8), head(4)])
    expect(report).toMatchObject({ ok: false, firstBadSeq: 4 })
  })

  it('fails when a backend saw two hashes at one seq: no chain can hold both', () => {
    expect(verifyWitnessedHeads(chain(5), [head(3), head(3, 'c')])).toMatchObject({
      ok: false,
      firstBadSeq: 3,
    })
  })
})

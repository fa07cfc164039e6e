import { describe, expect, it } from 'vitest'
import { describeChain } from './describeChain'

describe('the chain status line', () => {
  it('names the first bad entry of a broken chain', () => {
    expect(describeChain({ ok: false, firstBadSeq: 7, reason: 'hash mismatch' })).toEqual({
      ok: false,
      text: 'Chain broken at entry 7: hash mismatch.',
    })
  })

  it('counts the entries of a verified chain and shows the head', () => {
    const report = { ok: true as const, entries: 4, headSeq: 4, headHash: 'ab'.repeat(32) }
    expect(describeChain(report)).toEqual({
      ok: true,
      text: 'Verified: 4 entries, each linked to the one before (head abababababab…).',
    })
    expect(describeChain({ ...report, entries: 0, headSeq: 0 }).text).toBe(
      'Verified: the log is empty.',
    )
  })
})

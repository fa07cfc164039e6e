import { describe, expect, it } from 'vitest'
import { runRandomPlants } from './support/randomPlants'

// Issue 10, the property: random bytes, encoded by randomly generated schemes (random alphabets
// of the recording's scripts, random word maps, numbers hidden in timestamps and confidences,
// case and punctuation of ordinary words), planted in transcripts and uploaded again and again
// under one recording. Whatever the budget lets through must carry no more than the stated
// bound: per upload no more than it was charged, per recording no more than bitsPerSecond × its
// duration. bench:privacy runs the same with more recordings and prints the figures.

describe('the capacity bound holds for random encodings (property)', () => {
  for (const seed of [0x10, 0x2a]) {
    it(`seed ${seed}: nothing that passes carries more than it was charged, nor a recording more than its bound`, () => {
      const run = runRandomPlants(seed, 80)
      expect(run.violations).toEqual([])
      expect(run.worstRatio).toBeLessThanOrEqual(1)
      // Both sides are exercised: many plants pass, many are refused, by several schemes.
      expect(run.uploadsPassed).toBeGreaterThan(30)
      expect(run.uploadsRefused).toBeGreaterThan(30)
      expect(run.schemesPassing.size).toBeGreaterThanOrEqual(3)
    })
  }
})

import { GaussianStats } from '../../../../src/core/derive/speakers/GaussianStats'

/** mulberry32: a tiny seeded generator, so "random" test data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal by Box–Muller. */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

export const DIMS = 13

/** A synthetic "voice": a mean vector, frames drawn around it with unit variance per dimension. */
export function voiceMean(random: () => number, spread: number): number[] {
  return Array.from({ length: DIMS }, () => gaussian(random) * spread)
}

/** Stats of `frames` feature vectors drawn from N(mean, I). */
export function segmentOf(random: () => number, mean: number[], frames: number): GaussianStats {
  const stats = new GaussianStats(DIMS)
  const x = new Float64Array(DIMS)
  for (let f = 0; f < frames; f++) {
    for (let d = 0; d < DIMS; d++) x[d] = (mean[d] ?? 0) + gaussian(random)
    stats.addVector(x)
  }
  return stats
}

import { createSeededRandom } from '../../../../src/core/transcribe/model/createSeededRandom'

/**
 * The test model's mulberry32 scaled to [0, 1): deterministic, so a failing mutation can be
 * replayed from its seed.
 */
export function seededRandom(seed: number) {
  const nextUint32 = createSeededRandom(seed)
  const next = (): number => nextUint32() / 4294967296
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number): number => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new Error('pick from an empty list')
      return item
    },
  }
}

export type Random = ReturnType<typeof seededRandom>

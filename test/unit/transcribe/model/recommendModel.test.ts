import { describe, expect, it } from 'vitest'
import { modelCatalog } from '../../../../src/core/transcribe/model/modelCatalog'
import { recommendModel } from '../../../../src/core/transcribe/model/recommendModel'

const GIB = 1024 ** 3

describe('recommendModel', () => {
  it('picks base.en for English and base otherwise on an ordinary laptop', () => {
    const laptop = { memoryBytes: 16 * GIB, cores: 4 }
    expect(recommendModel(laptop, 'en', modelCatalog)?.name).toBe('base.en')
    expect(recommendModel(laptop, 'de', modelCatalog)?.name).toBe('base')
    expect(recommendModel(laptop, 'auto', modelCatalog)?.name).toBe('base')
  })

  it('scales with the machine: tiny below 4 GB, small with 8 cores and 8 GB', () => {
    expect(recommendModel({ memoryBytes: 3 * GIB, cores: 8 }, 'en', modelCatalog)?.name).toBe(
      'tiny.en',
    )
    expect(recommendModel({ memoryBytes: 8 * GIB, cores: 8 }, 'fr', modelCatalog)?.name).toBe(
      'small',
    )
    expect(recommendModel({ memoryBytes: 32 * GIB, cores: 2 }, 'fr', modelCatalog)?.name).toBe(
      'base',
    )
  })

  it('says why in one sentence naming the machine', () => {
    const reason = recommendModel({ memoryBytes: 16 * GIB, cores: 4 }, 'en', modelCatalog)?.reason
    expect(reason).toMatch(/^Recommended for 4 cores and 16 GB of memory: .+English.+\.$/)
  })

  it('falls back to the first entry of a catalogue without the size, and to null for none', () => {
    const only = { micro: { url: 'http://127.0.0.1/m.bin', bytes: 1, checksum: { sha256: 'a' } } }
    expect(recommendModel({ memoryBytes: 16 * GIB, cores: 4 }, 'en', only)?.name).toBe('micro')
    expect(recommendModel({ memoryBytes: 16 * GIB, cores: 4 }, 'en', {})).toBeNull()
  })
})

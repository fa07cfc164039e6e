import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TranscriptLine } from '../../../src/shared/api'
import { loadCapacityCorpus, startUploadWorld, type UploadWorld } from '../../support/uploadWorld'

// Issue 10: the capacity budget must not refuse ordinary speech. Every call of the corpus (five
// languages, ordinary and fast talkers, with numbers, emails, phone numbers, names and URLs)
// goes the real way out: redacted by default, derived, queued, through the gate to the backend;
// then a line is corrected through segments.edit and the recording uploaded again.

let world: UploadWorld
beforeAll(async () => {
  world = await startUploadWorld()
})
afterAll(async () => {
  await world.close()
})

describe('ordinary transcripts pass the capacity budget', () => {
  for (const transcript of loadCapacityCorpus()) {
    it(`${transcript.name}: uploads, and uploads again after a corrected line`, async () => {
      const id = world.seed(transcript)
      const [first] = await world.core.sync.upload([id])
      expect(first?.error).toBeNull()
      expect(first?.state).toBe('done')

      const line = transcript.segments[1]?.text ?? ''
      const edited = await world.service.dispatch('segments.edit', {
        id,
        idx: 1,
        text: `${line.slice(0, Math.floor(line.length / 2))} ${line.slice(0, 12)}`.trim(),
      })
      expect(edited.ok && (edited.value as TranscriptLine).idx).toBe(1)
      const [second] = await world.core.sync.upload([id])
      expect(second?.error).toBeNull()
      expect(second?.state).toBe('done')
      // The same payload again is not charged as new, and goes through.
      const [third] = await world.core.sync.upload([id])
      expect(third?.state).toBe('done')
    })
  }
})

describe('ordinary transcripts pass unredacted too (redaction.enabled off)', () => {
  it('every call of the corpus, emails and phone numbers as spoken', async () => {
    world.core.settings.set('redaction.enabled', false)
    try {
      const ids = loadCapacityCorpus().map((transcript) => world.seed(transcript))
      const results = await world.core.sync.upload(ids)
      expect(results.map((r) => [r.state, r.error])).toEqual(ids.map(() => ['done', null]))
    } finally {
      world.core.settings.set('redaction.enabled', true)
    }
  })
})

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { media } from '../../support/mediaFixtures'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-payload-key-import-')
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose()
})

describe('import readies the upload', () => {
  it("creates the recording's audit payload key when the recording is imported, not on its first upload", async () => {
    const dataDir = join(tempDir(), 'data')
    const core = new Core({ dataDir, env: {} })
    cores.push(core)
    const options = { language: 'en', threads: 1, initialPrompt: null, modelPath: 'unused.bin' }
    const { recordingId, duplicate } = await core.importer.importFile(media.m4a, options)
    expect(duplicate).toBe(false)
    // The key the audit log seals this recording's upload payloads with (PayloadKeyring).
    expect(existsSync(join(dataDir, 'keys', `audit-payload-${recordingId}.key`))).toBe(true)
    // A second import of the same content is the same recording: no second key.
    expect(await core.importer.importFile(media.m4a, options)).toEqual({
      recordingId,
      duplicate: true,
    })
  })
})

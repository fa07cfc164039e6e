import { afterEach, describe, expect, it } from 'vitest'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedDataDir } from './support/seedDataDir'
import { BACKEND_TOKEN, startBackend } from './support/startBackend'

const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('earshot contact', () => {
  it('sets a recording’s CRM contact, which its upload then carries through the gate', async () => {
    const server = await startBackend(tempDir())
    cleanups.push(() => server.close())
    const dataDir = tempDir()
    const [id, other] = seedDataDir(dataDir, server.url, 2)
    if (id === undefined || other === undefined) throw new Error('not seeded')
    const cli = (args: string[]) =>
      runCliCaptured([...args, '--data-dir', dataDir], { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN })

    const refused = await cli(['contact', id, 'not-an-address', '--json'])
    expect(refused.code).not.toBe(0)
    expect(JSON.parse(refused.stderr)).toEqual({
      error: { code: 'invalid-email', message: 'not-an-address is not an email address.' },
    })
    const set = await cli(['contact', id, ' Buyer@Acme.example ', '--json'])
    expect(set.code).toBe(0)
    expect(JSON.parse(set.stdout)).toEqual({ id, email: 'Buyer@Acme.example' })
    expect(JSON.parse((await cli(['contact', id, '--json'])).stdout)).toEqual({
      id,
      email: 'Buyer@Acme.example',
    })

    const uploaded = await cli(['upload', '--all', '--json'])
    expect(uploaded.code, uploaded.stderr).toBe(0)
    const stored = JSON.parse((await server.backend.store.get(id))?.payload ?? '{}') as object
    expect(stored).toMatchObject({ contactEmail: 'Buyer@Acme.example' })
    // A recording without a contact names none.
    const plain = JSON.parse((await server.backend.store.get(other))?.payload ?? '{}') as object
    expect(plain).not.toHaveProperty('contactEmail')

    const cleared = await cli(['contact', id, '--clear', '--json'])
    expect(JSON.parse(cleared.stdout)).toEqual({ id, email: null })
  })
})

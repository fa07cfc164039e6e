import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { createApiHandlers } from '../../../src/core/api/createApiHandlers'
import { scriptedConfirmer } from '../../support/scriptedConfirmer'
import { TokenVault, type TokenCipher } from '../../../src/main/TokenVault'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-vault-')
const TOKEN = 'tok_live_0123456789abcdefABCDEF'

/**
 * A real authenticated cipher standing in for the OS keychain (safeStorage is Electron's, which
 * cannot run here): AES-256-GCM under a key only this "keychain" holds.
 */
function keychain(options: { backend?: string; available?: boolean } = {}): TokenCipher {
  const key = randomBytes(32)
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (plain) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), sealed])
    },
    decryptString: (box) => {
      const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, 12))
      decipher.setAuthTag(box.subarray(12, 28))
      return Buffer.concat([decipher.update(box.subarray(28)), decipher.final()]).toString('utf8')
    },
    selectedStorageBackend: () => options.backend,
  }
}

function vault(file: string, cipher: TokenCipher) {
  const warnings: string[] = []
  return { vault: new TokenVault({ file, cipher, warn: (m) => warnings.push(m) }), warnings }
}

describe('TokenVault (the backend token in the OS keychain)', () => {
  it('writes only ciphertext, readable only by the user, and reads it back in a new session', () => {
    const file = join(tempDir(), 'backend-token.bin')
    const cipher = keychain()
    vault(file, cipher).vault.set(TOKEN)
    const onDisk = readFileSync(file)
    expect(onDisk.includes(Buffer.from(TOKEN))).toBe(false)
    expect(onDisk.includes(Buffer.from(TOKEN.slice(4, 20)))).toBe(false)
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(vault(file, cipher).vault.get()).toBe(TOKEN)
  })

  it('has no token before one is set', () => {
    expect(vault(join(tempDir(), 'none.bin'), keychain()).vault.get()).toBeUndefined()
  })

  it('forgets the token, file and all, when set to null', () => {
    const file = join(tempDir(), 'backend-token.bin')
    const { vault: v } = vault(file, keychain())
    v.set(TOKEN)
    v.set(null)
    expect(v.get()).toBeUndefined()
    expect(existsSync(file)).toBe(false)
  })

  it('warns and asks again when the keychain can no longer open the saved token', () => {
    const file = join(tempDir(), 'backend-token.bin')
    vault(file, keychain()).vault.set(TOKEN)
    const { vault: other, warnings } = vault(file, keychain())
    expect(other.get()).toBeUndefined()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/enter it again/)
  })

  it('refuses to store a token when the system has no keychain at all', () => {
    const file = join(tempDir(), 'backend-token.bin')
    const { vault: v } = vault(file, keychain({ available: false }))
    expect(() => {
      v.set(TOKEN)
    }).toThrow(expect.objectContaining({ code: 'no-keychain' }))
    expect(existsSync(file)).toBe(false)
  })

  it.each([
    [undefined, 'keychain'],
    ['gnome_libsecret', 'keychain'],
    ['kwallet5', 'keychain'],
    ['basic_text', 'basic-text'],
  ])('reports Linux backend %s as %s storage', (backend, storage) => {
    expect(vault(join(tempDir(), 't.bin'), keychain({ backend })).vault.storage).toBe(storage)
  })

  it('does not read a stray plaintext token as one', () => {
    const file = join(tempDir(), 'backend-token.bin')
    writeFileSync(file, TOKEN)
    const { vault: v, warnings } = vault(file, keychain())
    expect(v.get()).toBeUndefined()
    expect(warnings).toHaveLength(1)
  })
})

describe('TokenVault behind the backend.* channels', () => {
  const cores: Core[] = []
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.dispose()
  })

  it('stores a token set in Settings and says where, without ever sending it back', async () => {
    const dataDir = tempDir()
    const file = join(dataDir, 'backend-token.bin')
    const cipher = keychain({ backend: 'basic_text' })
    const tokens = vault(file, cipher).vault
    const core = new Core({ dataDir, env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' } })
    cores.push(core)
    const service = createApiHandlers(core, { tokens, confirmer: scriptedConfirmer(true) })

    const set = await service.dispatch('backend.setToken', { token: TOKEN })
    expect(set).toEqual({
      ok: true,
      value: { url: null, tokenSet: true, tokenStorage: 'basic-text' },
    })
    expect(JSON.stringify(await service.dispatch('backend.status', undefined))).not.toContain(TOKEN)
    expect(vault(file, cipher).vault.get()).toBe(TOKEN)

    const cleared = await service.dispatch('backend.setToken', { token: null })
    expect(cleared).toMatchObject({ ok: true, value: { tokenSet: false } })
    await service.dispose()
  })
})

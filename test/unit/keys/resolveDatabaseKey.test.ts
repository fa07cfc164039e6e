import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { resolveDatabaseKey } from '../../../src/core/keys/resolveDatabaseKey'
import { sqliteFileState } from '../../../src/core/store/sqliteFileState'
import { SafeStorageKeyStore } from '../../../src/main/SafeStorageKeyStore'
import type { TokenCipher } from '../../../src/main/TokenVault'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-db-key-')

/** A real AES-GCM stand-in for Electron's safeStorage; `available: false` is a system without one. */
function keychain(available = true): TokenCipher {
  const key = randomBytes(32)
  return {
    isEncryptionAvailable: () => available,
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
    selectedStorageBackend: () => undefined,
  }
}

const noEnv = {}

describe('the database key', () => {
  it('is sealed in the keychain when the app has one, and no key file is written', async () => {
    const dataDir = tempDir()
    const store = new SafeStorageKeyStore({ dir: join(dataDir, 'keys'), cipher: keychain() })
    const core = new Core({ dataDir, env: noEnv, keys: store, databaseKeychain: store })
    expect(core.databaseKey).toMatchObject({ source: 'keychain', keyFile: null, created: true })
    await core.dispose()
    expect(readdirSync(join(dataDir, 'keys'))).toContain('database.sealed')
    expect(existsSync(join(dataDir, 'keys', 'database.key'))).toBe(false)
    expect(sqliteFileState(join(dataDir, 'earshot.db'))).toBe('encrypted')
    // The command line cannot open the app's keychain: one sentence, not a new key.
    expect(() => resolveDatabaseKey({ dataDir, env: noEnv })).toThrow(/desktop app’s keychain/)
    const again = resolveDatabaseKey({ dataDir, env: noEnv, keychain: store })
    expect(again).toMatchObject({ source: 'keychain', created: false })
  })

  it('falls back to the key file when the system offers no keychain', () => {
    const dataDir = tempDir()
    const store = new SafeStorageKeyStore({ dir: join(dataDir, 'keys'), cipher: keychain(false) })
    const resolved = resolveDatabaseKey({ dataDir, env: noEnv, keychain: store })
    expect(resolved).toMatchObject({
      source: 'key-file',
      keyFile: join(dataDir, 'keys', 'database.key'),
      created: true,
    })
    expect(resolveDatabaseKey({ dataDir, env: noEnv }).key.equals(resolved.key)).toBe(true)
  })

  it('takes EARSHOT_DB_KEY first, and only 64 hex digits', () => {
    const dataDir = tempDir()
    const hex = randomBytes(32).toString('hex')
    const resolved = resolveDatabaseKey({ dataDir, env: { EARSHOT_DB_KEY: hex } })
    expect(resolved).toMatchObject({ source: 'environment', keyFile: null })
    expect(resolved.key.toString('hex')).toBe(hex)
    expect(existsSync(join(dataDir, 'keys'))).toBe(false)
    for (const bad of [hex.slice(1), `${hex}0`, `x'${hex}'`, 'g'.repeat(64)]) {
      expect(() => resolveDatabaseKey({ dataDir, env: { EARSHOT_DB_KEY: bad } })).toThrow(
        'EARSHOT_DB_KEY must be exactly 64 hex digits (a 256-bit key), and it is not.',
      )
    }
  })
})

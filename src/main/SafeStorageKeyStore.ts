import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CoreError } from '../core/CoreError'
import { assertKeyName, KEY_BYTES, type SecretKeyStore } from '../core/keys/SecretKeyStore'
import type { TokenCipher } from './TokenVault'

export interface SafeStorageKeyStoreOptions {
  /** `<userData>/keys`: one sealed file per key. */
  dir: string
  cipher: TokenCipher
}

/**
 * The core's key store on the OS keychain, the way TokenVault keeps the backend token: each key is
 * sealed with Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) and only the ciphertext
 * touches the disk, so the data folder alone cannot forge the audit seal or read erased payloads.
 */
export class SafeStorageKeyStore implements SecretKeyStore {
  private readonly cache = new Map<string, Buffer>()

  constructor(private readonly options: SafeStorageKeyStoreOptions) {}

  get(name: string): Buffer | undefined {
    assertKeyName(name)
    const cached = this.cache.get(name)
    if (cached !== undefined) return cached
    let sealed: Buffer
    try {
      sealed = readFileSync(this.path(name))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    const key = Buffer.from(this.options.cipher.decryptString(sealed), 'hex')
    if (key.byteLength !== KEY_BYTES) {
      throw new CoreError('key-malformed', `The sealed key ${name} does not hold a 256-bit key.`)
    }
    this.cache.set(name, key)
    return key
  }

  getOrCreate(name: string): Buffer {
    const existing = this.get(name)
    if (existing !== undefined) return existing
    if (!this.options.cipher.isEncryptionAvailable()) {
      throw new CoreError(
        'no-keychain',
        'This system offers no keychain to keep Earshot’s keys in; set EARSHOT_KEYS_DIR to keep them in files instead.',
      )
    }
    const key = randomBytes(KEY_BYTES)
    mkdirSync(this.options.dir, { recursive: true, mode: 0o700 })
    // Written beside and renamed over, so a crash never leaves half a ciphertext.
    const partial = `${this.path(name)}.partial`
    writeFileSync(partial, this.options.cipher.encryptString(key.toString('hex')), { mode: 0o600 })
    renameSync(partial, this.path(name))
    this.cache.set(name, key)
    return key
  }

  delete(name: string): void {
    assertKeyName(name)
    this.cache.delete(name)
    rmSync(this.path(name), { force: true })
  }

  replace(from: string, to: string): void {
    assertKeyName(from)
    assertKeyName(to)
    renameSync(this.path(from), this.path(to))
    const key = this.cache.get(from)
    this.cache.delete(from)
    if (key === undefined) this.cache.delete(to)
    else this.cache.set(to, key)
  }

  private path(name: string): string {
    return join(this.options.dir, `${name}.sealed`)
  }
}

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { BackendTokenStore } from '../core/api/BackendTokenStore'
import { CoreError } from '../core/CoreError'
import type { TokenStorage } from '../shared/backendViews'

/** Electron's `safeStorage`, reduced to what the vault needs (injected, so tests use a real cipher). */
export interface TokenCipher {
  isEncryptionAvailable: () => boolean
  encryptString: (plain: string) => Buffer
  decryptString: (sealed: Buffer) => string
  /**
   * Linux only: the secret store Chromium picked. `basic_text` means none was found and a key
   * hard-coded in Chromium is used, which protects nothing. Undefined on macOS and Windows.
   */
  selectedStorageBackend: () => string | undefined
}

export interface TokenVaultOptions {
  /** The sealed token's file, in userData. */
  file: string
  cipher: TokenCipher
  warn: (message: string) => void
}

/**
 * The backend token, sealed with the OS keychain through Electron's safeStorage (DESIGN.md §3) and
 * kept in one file beside the app's data. Only ciphertext touches the disk; the plain token is held
 * in memory once read. Implements the core's `BackendTokenStore`, so Settings reads and sets it
 * through the same `backend.*` channels as web mode.
 */
export class TokenVault implements BackendTokenStore {
  private token: string | undefined
  private loaded = false

  constructor(private readonly options: TokenVaultOptions) {}

  /** 'basic-text' tells the UI to warn: on this Linux desktop the "keychain" is a fixed key. */
  get storage(): TokenStorage {
    return this.options.cipher.selectedStorageBackend() === 'basic_text' ? 'basic-text' : 'keychain'
  }

  get(): string | undefined {
    if (!this.loaded) {
      this.token = this.load()
      this.loaded = true
    }
    return this.token
  }

  set(token: string | null): void {
    const { file, cipher } = this.options
    if (token === null || token === '') {
      rmSync(file, { force: true })
    } else {
      if (!cipher.isEncryptionAvailable()) {
        throw new CoreError(
          'no-keychain',
          'This system offers no keychain to keep the token in; set EARSHOT_BACKEND_TOKEN instead.',
        )
      }
      // Written beside and renamed over, so a crash never leaves half a ciphertext.
      const partial = `${file}.partial`
      writeFileSync(partial, cipher.encryptString(token), { mode: 0o600 })
      renameSync(partial, file)
    }
    this.token = token === null || token === '' ? undefined : token
    this.loaded = true
  }

  private load(): string | undefined {
    let sealed: Buffer
    try {
      sealed = readFileSync(this.options.file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
    try {
      return this.options.cipher.decryptString(sealed)
    } catch {
      // The keychain entry that sealed it is gone (new profile, keyring reset): the token cannot
      // be recovered, so Settings shows none and asks for it again.
      this.options.warn(
        'The saved backend token could not be unlocked with the system keychain; enter it again in Settings.',
      )
      return undefined
    }
  }
}

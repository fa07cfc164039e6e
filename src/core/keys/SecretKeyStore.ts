/**
 * The home of Earshot's own secret keys (the audit seal, per-recording payload keys, later the
 * database key): random bytes kept outside the files they protect, so copying or editing the data
 * folder is not enough to forge or read what they guard. `delete` is how a key — and everything
 * only it can read — is destroyed (crypto-shredding).
 */
export interface SecretKeyStore {
  /** The key, or undefined when there is none under `name`. */
  get(name: string): Buffer | undefined
  /** The key, created (32 random bytes) and stored durably first when there is none. */
  getOrCreate(name: string): Buffer
  /**
   * `getOrCreate` for several names, every new key durable before it returns. Optional: a store
   * that can make them durable together (one folder sync for all) offers it; callers fall back to
   * `getOrCreate` one by one.
   */
  getOrCreateMany?(names: readonly string[]): Buffer[]
  /** Forgets the key; no error when there was none. */
  delete(name: string): void
  /**
   * Puts the key kept under `from` in place of the one under `to`, atomically (a rename): the old
   * key under `to` is gone and `from` is empty after. Optional: what a database key rotation
   * needs (src/core/keys/rotateDatabaseKey); a store without it keeps its key.
   */
  replace?(from: string, to: string): void
}

/** Key names become file names: letters, digits, `.`, `_`, `-`, and no leading dot. */
const keyName = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/

export function assertKeyName(name: string): void {
  if (!keyName.test(name)) throw new TypeError(`Not a valid key name: ${JSON.stringify(name)}`)
}

/** A fresh key's length: 256 bits, enough for HMAC-SHA256 and AES-256 (NIST SP 800-107 §5.3.4). */
export const KEY_BYTES = 32

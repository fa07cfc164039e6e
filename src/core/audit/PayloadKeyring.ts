import { createCipheriv, createDecipheriv, hash, randomBytes } from 'node:crypto'
import { CoreError } from '../CoreError'
import type { SecretKeyStore } from '../keys/SecretKeyStore'

const NONCE_BYTES = 12
const TAG_BYTES = 16
// The recording id is bound into each seal (GCM additional data, NIST SP 800-38D §5.2.1.1), so a
// payload cannot be moved under another recording's key or entry without failing to open.
const AAD_PREFIX = 'earshot-audit-payload-v1\0'

/**
 * One AES-256-GCM key per recording for its audit payloads, kept in the key store — outside the
 * audit log — under `audit-payload-<recordingId>`. Destroying the key (`erase`) makes every payload
 * sealed under it unreadable while the sealed bytes, which the chain hashes, stay in place.
 * Keys are cached for this process's life; `erase` drops the cached copy too.
 */
export class PayloadKeyring {
  private readonly cache = new Map<string, Buffer>()

  constructor(private readonly keys: SecretKeyStore) {}

  /** nonce (12) ‖ ciphertext ‖ tag (16), under the recording's key, created if needed. */
  seal(recordingId: string, plaintext: Uint8Array): Buffer {
    const key = this.key(recordingId, true) as Buffer
    const nonce = randomBytes(NONCE_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, nonce)
    cipher.setAAD(Buffer.from(AAD_PREFIX + recordingId, 'utf8'))
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
    return Buffer.concat([nonce, body, cipher.getAuthTag()])
  }

  /**
   * Makes sure each recording has its key, creating the missing ones together (one folder sync
   * for all with SecretKeyStore.getOrCreateMany): what a batch of seals needs first.
   */
  prepare(recordingIds: readonly string[]): void {
    const missing = [...new Set(recordingIds)].filter((id) => !this.cache.has(id))
    if (missing.length === 0) return
    const names = missing.map(keyNameFor)
    const keys =
      this.keys.getOrCreateMany?.(names) ?? names.map((name) => this.keys.getOrCreate(name))
    missing.forEach((id, i) => {
      const key = keys[i]
      if (key !== undefined) this.cache.set(id, key)
    })
  }

  /** The plaintext, or null when the recording's key is gone (erased) or the seal does not open. */
  open(recordingId: string, sealed: Uint8Array): Buffer | null {
    const key = this.key(recordingId, false)
    if (key === undefined || sealed.byteLength < NONCE_BYTES + TAG_BYTES) return null
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES))
      decipher.setAAD(Buffer.from(AAD_PREFIX + recordingId, 'utf8'))
      decipher.setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES))
      return Buffer.concat([
        decipher.update(bytes.subarray(NONCE_BYTES, bytes.byteLength - TAG_BYTES)),
        decipher.final(),
      ])
    } catch {
      return null
    }
  }

  /** Destroys the recording's key: its sealed payloads can never be read again. */
  erase(recordingId: string): void {
    this.cache.delete(recordingId)
    this.keys.delete(keyNameFor(recordingId))
  }

  /** For reading only: a key this process cannot open (the app's keychain) reads as absent. */
  private readableKey(name: string): Buffer | undefined {
    try {
      return this.keys.get(name)
    } catch (error) {
      if (error instanceof CoreError && error.code === 'key-in-keychain') return undefined
      throw error
    }
  }

  private key(recordingId: string, create: boolean): Buffer | undefined {
    const cached = this.cache.get(recordingId)
    if (cached !== undefined) return cached
    const name = keyNameFor(recordingId)
    const key = create ? this.keys.getOrCreate(name) : this.readableKey(name)
    if (key !== undefined) this.cache.set(recordingId, key)
    return key
  }
}

/** Recording ids are random UUIDs; anything else is hashed into a safe name rather than refused. */
function keyNameFor(recordingId: string): string {
  return /^[A-Za-z0-9_-]{1,100}$/.test(recordingId)
    ? `audit-payload-${recordingId}`
    : `audit-payload-h${hash('sha256', recordingId, 'hex')}`
}

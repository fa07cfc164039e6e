import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import type { AuditEntryInput } from '../../../src/core/audit/types'
import { verifyJsonl } from '../../../src/core/audit/verifyJsonl'
import { FileKeyStore } from '../../../src/core/keys/FileKeyStore'
import type { SecretKeyStore } from '../../../src/core/keys/SecretKeyStore'
import { SafeStorageKeyStore } from '../../../src/main/SafeStorageKeyStore'
import type { TokenCipher } from '../../../src/main/TokenVault'
import { useTempDir } from '../../support/tempDir'

const tempDir = useTempDir('earshot-keys-')

/** AES-256-GCM under a key only this "keychain" holds, standing in for Electron's safeStorage. */
function keychain(): TokenCipher {
  const key = randomBytes(32)
  return {
    isEncryptionAvailable: () => true,
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

const stores: [string, (dir: string) => SecretKeyStore][] = [
  ['FileKeyStore', (dir) => new FileKeyStore({ dir })],
  ['SafeStorageKeyStore', (dir) => new SafeStorageKeyStore({ dir, cipher: keychain() })],
]

describe.each(stores)('%s', (_name, make) => {
  it('creates a 256-bit key once, returns the same key after, and forgets it on delete', () => {
    const store = make(join(tempDir(), 'keys'))
    expect(store.get('audit-seal')).toBeUndefined()
    const key = store.getOrCreate('audit-seal')
    expect(key.byteLength).toBe(32)
    expect(store.getOrCreate('audit-seal')).toEqual(key)
    expect(store.get('audit-seal')).toEqual(key)
    expect(store.getOrCreate('other')).not.toEqual(key)
    store.delete('audit-seal')
    expect(store.get('audit-seal')).toBeUndefined()
    store.delete('audit-seal')
  })

  it('replaces one key with another by a rename, leaving one file', () => {
    const dir = join(tempDir(), 'keys')
    const store = make(dir)
    const old = store.getOrCreate('database')
    const next = store.getOrCreate('database-next')
    store.replace?.('database-next', 'database')
    expect(store.get('database')).toEqual(next)
    expect(store.get('database')).not.toEqual(old)
    expect(store.get('database-next')).toBeUndefined()
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/^database\.(key|sealed)$/)])
  })

  it('refuses names that could leave its folder', () => {
    const store = make(join(tempDir(), 'keys'))
    for (const name of ['../x', '.hidden', 'a/b', '', 'x'.repeat(200)]) {
      expect(() => store.getOrCreate(name)).toThrow(TypeError)
    }
  })
})

describe('FileKeyStore', () => {
  it('keeps keys in 0600 files in a 0700 folder, and a second store on the folder reads them', () => {
    const dir = join(tempDir(), 'keys')
    const key = new FileKeyStore({ dir }).getOrCreate('audit-seal')
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'audit-seal.key')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, 'audit-seal.key'), 'utf8')).toBe(`${key.toString('hex')}\n`)
    expect(new FileKeyStore({ dir }).get('audit-seal')).toEqual(key)
  })

  it('creates several keys at once, keeping the ones that exist, as getOrCreate would one by one', () => {
    const dir = join(tempDir(), 'keys')
    const store = new FileKeyStore({ dir })
    const existing = store.getOrCreate('audit-payload-a')
    const keys = store.getOrCreateMany(['audit-payload-a', 'audit-payload-b', 'audit-payload-c'])
    expect(keys[0]).toEqual(existing)
    expect(new Set(keys.map((key) => key.toString('hex'))).size).toBe(3)
    const reopened = new FileKeyStore({ dir })
    expect(['a', 'b', 'c'].map((id) => reopened.get(`audit-payload-${id}`))).toEqual(keys)
    expect(statSync(join(dir, 'audit-payload-b.key')).mode & 0o777).toBe(0o600)
  })

  it('takes a key from EARSHOT_KEY_<NAME> and never writes or deletes it', () => {
    const hex = 'ab'.repeat(32)
    const store = new FileKeyStore({
      dir: join(tempDir(), 'keys'),
      env: { EARSHOT_KEY_AUDIT_SEAL: hex },
    })
    expect(store.getOrCreate('audit-seal').toString('hex')).toBe(hex)
    store.delete('audit-seal')
    expect(store.get('audit-seal')?.toString('hex')).toBe(hex)
  })

  it('says so in one sentence when the folder’s key is sealed by the desktop app’s keychain', () => {
    const dir = join(tempDir(), 'keys')
    new SafeStorageKeyStore({ dir, cipher: keychain() }).getOrCreate('audit-seal')
    expect(() => new FileKeyStore({ dir }).get('audit-seal')).toThrow(
      'This data folder is locked with the desktop app’s keychain, which the command line cannot open; use the app, or another --data-dir.',
    )
  })

  it('refuses a key file that does not hold a 256-bit key', () => {
    const dir = join(tempDir(), 'keys')
    new FileKeyStore({ dir }).getOrCreate('audit-seal')
    writeFileSync(join(dir, 'audit-seal.key'), 'short\n')
    expect(() => new FileKeyStore({ dir }).get('audit-seal')).toThrow(
      expect.objectContaining({ code: 'key-malformed' }),
    )
  })
})

describe('SafeStorageKeyStore', () => {
  it('writes only ciphertext to disk', () => {
    const dir = join(tempDir(), 'keys')
    const key = new SafeStorageKeyStore({ dir, cipher: keychain() }).getOrCreate('audit-seal')
    const onDisk = readFileSync(join(dir, 'audit-seal.sealed'))
    expect(onDisk.toString('latin1')).not.toContain(key.toString('hex'))
    expect(onDisk.includes(key)).toBe(false)
  })
})

describe('the command line on a folder whose keys are in the desktop app’s keychain', () => {
  it('lists and exports (payloads locked, export unsealed) but sends nothing, and says why', () => {
    const dir = tempDir()
    const cipher = keychain()
    const app = AuditLog.open(join(dir, 'audit.db'), {
      keys: new SafeStorageKeyStore({ dir: join(dir, 'keys'), cipher }),
    })
    const entry: AuditEntryInput = {
      kind: 'attempt',
      purpose: 'upload',
      destination: 'https://api.earshot.example/v1/transcripts',
      method: 'POST',
      payload: Buffer.from('{"text":"words"}'),
      status: null,
      reason: null,
      recordingId: 'rec-1',
    }
    app.append(entry)
    app.close()

    const cli = AuditLog.open(join(dir, 'audit.db'))
    expect(cli.list().map((e) => [e.seq, e.payload])).toEqual([[1, null]])
    cli.exportJsonl(join(dir, 'audit.jsonl'))
    expect(verifyJsonl({ path: join(dir, 'audit.jsonl') })).toMatchObject({
      ok: true,
      seal: 'absent',
    })
    expect(() => cli.append(entry)).toThrow(expect.objectContaining({ code: 'key-in-keychain' }))
    cli.close()
  })
})

import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fsyncPath } from '../store/fsyncPath'
import { writeFileAtomic } from '../audit/writeFileAtomic'
import { CoreError } from '../CoreError'
import { assertKeyName, KEY_BYTES, type SecretKeyStore } from './SecretKeyStore'

export interface FileKeyStoreOptions {
  /** The folder the keys live in, e.g. `<dataDir>/keys` (never inside a database file). */
  dir: string
  /**
   * `EARSHOT_KEY_<NAME>` (name upper-cased, `-` and `.` as `_`) holding 64 hex digits overrides a
   * key: for tests and headless machines whose keychain lives elsewhere. An overridden key is never
   * written or deleted here.
   */
  env?: NodeJS.ProcessEnv
}

/**
 * Keys as 0600 files in a 0700 folder: the CLI's and web mode's keychain, and the one Electron's
 * safeStorage adapter wraps. A key file holds 64 lowercase hex digits and a newline.
 */
export class FileKeyStore implements SecretKeyStore {
  constructor(private readonly options: FileKeyStoreOptions) {}

  get(name: string): Buffer | undefined {
    assertKeyName(name)
    const fromEnv = this.fromEnv(name)
    if (fromEnv !== undefined) return fromEnv
    let text: string
    try {
      text = readFileSync(this.path(name), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      // The desktop app keeps its keys sealed by the OS keychain in the same folder
      // (src/main/SafeStorageKeyStore.ts); outside Electron they cannot be opened, and making a
      // second, different key would fork the seal.
      if (existsSync(join(this.options.dir, `${name}.sealed`))) {
        throw new CoreError(
          'key-in-keychain',
          'This data folder is locked with the desktop app’s keychain, which the command line cannot open; use the app, or another --data-dir.',
        )
      }
      return undefined
    }
    return parseKey(text.trim(), `the key file ${this.path(name)}`)
  }

  getOrCreate(name: string): Buffer {
    return this.getOrCreateMany([name])[0] as Buffer
  }

  /**
   * Each new key file is written and fsynced on its own, then the folder is synced once for all
   * their renames (writeFileAtomic): a batch of uploads of new recordings costs one folder sync,
   * not one per recording (issue 10).
   */
  getOrCreateMany(names: readonly string[]): Buffer[] {
    const keys: Buffer[] = []
    let created = false
    for (const name of names) {
      const existing = this.get(name)
      if (existing !== undefined) {
        keys.push(existing)
        continue
      }
      if (!created) {
        mkdirSync(this.options.dir, { recursive: true, mode: 0o700 })
        chmodSync(this.options.dir, 0o700)
        created = true
      }
      const key = randomBytes(KEY_BYTES)
      writeFileAtomic(this.path(name), [`${key.toString('hex')}\n`], { syncFolder: false })
      keys.push(key)
    }
    if (created) fsyncPath(this.options.dir, { missingOk: true })
    return keys
  }

  delete(name: string): void {
    assertKeyName(name)
    if (this.fromEnv(name) !== undefined) return
    rmSync(this.path(name), { force: true })
    fsyncPath(this.options.dir, { missingOk: true })
  }

  replace(from: string, to: string): void {
    assertKeyName(from)
    assertKeyName(to)
    if (this.fromEnv(to) !== undefined) return
    renameSync(this.path(from), this.path(to))
    fsyncPath(this.options.dir, { missingOk: true })
  }

  private path(name: string): string {
    return join(this.options.dir, `${name}.key`)
  }

  private fromEnv(name: string): Buffer | undefined {
    const variable = `EARSHOT_KEY_${name.toUpperCase().replace(/[-.]/g, '_')}`
    const value = this.options.env?.[variable]
    return value === undefined || value === '' ? undefined : parseKey(value, variable)
  }
}

function parseKey(text: string, where: string): Buffer {
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new CoreError('key-malformed', `${where} does not hold a 256-bit key (64 hex digits).`)
  }
  return Buffer.from(text, 'hex')
}

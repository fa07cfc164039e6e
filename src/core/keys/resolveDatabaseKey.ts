import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../audit/writeFileAtomic'
import { dataDirPath } from '../config/dataDirLayout'
import { CoreError } from '../CoreError'
import { sqliteFileState } from '../store/sqliteFileState'
import { DATABASE_KEY_NAME, databaseKeyFilePath, keysDir } from './databaseKeyFile'
import { KEY_BYTES, type SecretKeyStore } from './SecretKeyStore'

/** Where the key came from; `key-file` alone means the data folder holds its own key. */
export type DatabaseKeySource = 'environment' | 'keychain' | 'key-file'

export interface ResolvedDatabaseKey {
  key: Buffer
  source: DatabaseKeySource
  /** The key file's path when `source` is `key-file`. */
  keyFile: string | null
  /** True when this start made the key (a new data folder, or a plaintext one being encrypted). */
  created: boolean
}

export interface DatabaseKeyOptions {
  dataDir: string
  env: NodeJS.ProcessEnv
  /** The OS keychain (the desktop app's safeStorage); the CLI and web mode have none here. */
  keychain?: SecretKeyStore
}

/** Said by Settings and the CLI whenever the key sits in a file (issue 13). */
export const KEY_FILE_PROTECTION_NOTE =
  'The database key is kept in a key file, so the data is protected only against a copied database (backups, sync folders), not against someone who can read the whole data folder.'

/**
 * The one key of every database in the data folder, in this order: `EARSHOT_DB_KEY` (headless
 * machines, tests), the OS keychain where the shell has one, then the 0600 key file. A key is
 * made (32 random bytes, never derived from anything a person chose) only when no database is
 * encrypted yet: making a new one then would just lock the user out with a confusing error.
 */
export function resolveDatabaseKey(options: DatabaseKeyOptions): ResolvedDatabaseKey {
  const fromEnv = options.env.EARSHOT_DB_KEY
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!/^[0-9a-f]{64}$/i.test(fromEnv)) {
      throw new CoreError(
        'database-key-malformed',
        'EARSHOT_DB_KEY must be exactly 64 hex digits (a 256-bit key), and it is not.',
      )
    }
    return {
      key: Buffer.from(fromEnv, 'hex'),
      source: 'environment',
      keyFile: null,
      created: false,
    }
  }
  const keyFile = databaseKeyFilePath(options.dataDir, options.env)
  const sealed = options.keychain?.get(DATABASE_KEY_NAME)
  if (sealed !== undefined)
    return { key: sealed, source: 'keychain', keyFile: null, created: false }
  const stored = readKeyFile(keyFile)
  if (stored !== undefined) return { key: stored, source: 'key-file', keyFile, created: false }
  if (options.keychain === undefined && existsSync(sealedKeyPath(options.dataDir, options.env))) {
    throw new CoreError(
      'key-in-keychain',
      'This data folder is locked with the desktop app’s keychain, which the command line cannot open; use the app, or set EARSHOT_DB_KEY.',
    )
  }
  const encrypted = encryptedDatabases(options.dataDir)
  if (encrypted.length > 0) {
    throw new CoreError(
      'database-key-missing',
      `${encrypted.join(' and ')} could not be opened: the database key is not in EARSHOT_DB_KEY${options.keychain ? ', the keychain' : ''} or ${keyFile}; put the key file back (or point storage.keyFile at it) or set EARSHOT_DB_KEY.`,
    )
  }
  if (options.keychain !== undefined) {
    try {
      const key = options.keychain.getOrCreate(DATABASE_KEY_NAME)
      return { key, source: 'keychain', keyFile: null, created: true }
    } catch (error) {
      // No keychain on this system: the key file below, and Settings says what that means.
      if (!(error instanceof CoreError && error.code === 'no-keychain')) throw error
    }
  }
  const key = randomBytes(KEY_BYTES)
  writeKeyFile(keyFile, key, options.dataDir, options.env)
  return { key, source: 'key-file', keyFile, created: true }
}

/** Writes (or moves) the key file: 0600, atomically, its folder 0700 when it is the keys folder. */
export function writeKeyFile(
  path: string,
  key: Buffer,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): void {
  const folder = dirname(path)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  if (folder === keysDir(dataDir, env)) chmodSync(folder, 0o700)
  writeFileAtomic(path, [`${key.toString('hex')}\n`])
}

/** The key in a key file, or undefined when there is no file there. */
export function readKeyFile(path: string): Buffer | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new CoreError(
      'key-malformed',
      `The key file ${path} does not hold a 256-bit key (64 hex digits).`,
    )
  }
  return Buffer.from(text, 'hex')
}

function sealedKeyPath(dataDir: string, env: NodeJS.ProcessEnv): string {
  return join(keysDir(dataDir, env), `${DATABASE_KEY_NAME}.sealed`)
}

/** The data folder's databases already encrypted (so a key must exist somewhere). */
function encryptedDatabases(dataDir: string): string[] {
  return (['database', 'auditLog'] as const)
    .map((entry) => dataDirPath(dataDir, entry))
    .filter((path) => sqliteFileState(path) === 'encrypted')
    .map((path) => path.slice(dirname(path).length + 1))
}

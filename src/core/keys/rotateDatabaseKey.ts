import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { writeFileAtomic } from '../audit/writeFileAtomic'
import { dataDirPath } from '../config/dataDirLayout'
import { rekeyInPlace } from '../store/encryptInPlace'
import { fsyncPath } from '../store/fsyncPath'
import { DATABASE_KEY_NAME, databaseKeyFilePath, keysDir } from './databaseKeyFile'
import {
  readKeyFile,
  resolveDatabaseKey,
  writeKeyFile,
  type DatabaseKeyOptions,
  type ResolvedDatabaseKey,
} from './resolveDatabaseKey'
import { KEY_BYTES } from './SecretKeyStore'

/** What a rotation did, said by the CLI and Settings in one sentence when it did not. */
export type DatabaseKeyRotation =
  { rotated: true; source: 'keychain' | 'key-file' } | { rotated: false; reason: string }

/** The keychain name of a key being rotated in, until it replaces `database`. */
const NEXT_KEY_NAME = `${DATABASE_KEY_NAME}-next`

/** The databases one key opens (every database in the data folder, issue 13). */
const KEYED_DATABASES = ['database', 'auditLog'] as const

export const ENVIRONMENT_KEY_KEPT =
  'The database key comes from EARSHOT_DB_KEY, which Earshot cannot forget: replace that key yourself.'

/**
 * "Delete all data" asks for the key to be forgotten (issue 13): a copy of the databases made
 * before (a backup, a sync folder) then opens with nothing left on this device. It cannot happen
 * while this process has them open, so the request is a durable mark, carried out by the next
 * rotateDatabaseKeyIfRequested: right after the CLI's delete closes its core, or at the app's
 * next start.
 */
export function requestDatabaseKeyRotation(dataDir: string, env: NodeJS.ProcessEnv): void {
  if (env.EARSHOT_DB_KEY !== undefined && env.EARSHOT_DB_KEY !== '') return
  const marker = rotationMarker(dataDir, env)
  mkdirSync(dirname(marker), { recursive: true, mode: 0o700 })
  writeFileAtomic(marker, ['delete-all asked for a new database key\n'])
}

/**
 * Finishes a requested or interrupted rotation; null when none is pending. Call it only where
 * no connection to the data folder's databases is open in this process (before a core opens
 * them, or after it closed them); another process holding one makes it refuse, and the request
 * stays for the next start.
 */
export function rotateDatabaseKeyIfRequested(
  options: DatabaseKeyOptions,
): DatabaseKeyRotation | null {
  const marker = rotationMarker(options.dataDir, options.env)
  const nextFile = nextKeyFile(databaseKeyFilePath(options.dataDir, options.env))
  // A kill during writeFileAtomic leaves its temp file: a key never used, or an empty request.
  removeTempFiles(nextFile)
  removeTempFiles(marker)
  const pending =
    existsSync(marker) || existsSync(nextFile) || options.keychain?.get(NEXT_KEY_NAME) !== undefined
  if (!pending) return null
  const rotation = rotateDatabaseKey(options)
  rmSync(marker, { force: true })
  fsyncPath(dirname(marker), { missingOk: true })
  return rotation
}

/**
 * Replaces the data folder's database key with a new random one and re-encrypts every database
 * under it, so the old key is forgotten. Crash order, with both keys durable until the end:
 *
 * 1. the new key is stored beside the old one (`<key file>.next`, or the keychain's
 *    `database-next`), made once and reused by a run that resumes;
 * 2. each database is rewritten under the new key, crash-safe on its own (rekeyInPlace), and
 *    skipped when it already opens with it;
 * 3. the new key is renamed over the old one (atomic), which is the moment the old key is gone.
 *
 * A `kill -9` anywhere leaves each database whole under the old or the new key with both keys
 * on disk, and the next start (rotateDatabaseKeyIfRequested sees the `.next` key) resumes.
 */
export function rotateDatabaseKey(options: DatabaseKeyOptions): DatabaseKeyRotation {
  const current = resolveDatabaseKey(options)
  if (current.source === 'environment') return { rotated: false, reason: ENVIRONMENT_KEY_KEPT }
  if (current.source === 'keychain') {
    const keychain = options.keychain
    if (keychain?.replace === undefined) {
      return { rotated: false, reason: 'This keychain cannot replace the database key.' }
    }
    const next = keychain.getOrCreate(NEXT_KEY_NAME)
    rekeyAll(options.dataDir, current, next)
    keychain.replace(NEXT_KEY_NAME, DATABASE_KEY_NAME)
    return { rotated: true, source: 'keychain' }
  }
  const keyFile = current.keyFile ?? databaseKeyFilePath(options.dataDir, options.env)
  const nextFile = nextKeyFile(keyFile)
  let next = readKeyFile(nextFile)
  if (next === undefined) {
    next = randomBytes(KEY_BYTES)
    writeKeyFile(nextFile, next, options.dataDir, options.env)
  }
  rekeyAll(options.dataDir, current, next)
  renameSync(nextFile, keyFile)
  fsyncPath(dirname(keyFile))
  return { rotated: true, source: 'key-file' }
}

function rekeyAll(dataDir: string, current: ResolvedDatabaseKey, next: Buffer): void {
  for (const entry of KEYED_DATABASES) {
    const path = dataDirPath(dataDir, entry)
    if (existsSync(path)) rekeyInPlace(path, current.key, next)
  }
}

function nextKeyFile(keyFile: string): string {
  return `${keyFile}.next`
}

/** writeFileAtomic's temp files for `path` (`<path>.<pid>.<time>.tmp`). */
function removeTempFiles(path: string): void {
  const folder = dirname(path)
  const prefix = `${basename(path)}.`
  let names: string[]
  try {
    names = readdirSync(folder)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp'))
      rmSync(join(folder, name), { force: true })
  }
}

function rotationMarker(dataDir: string, env: NodeJS.ProcessEnv): string {
  return join(keysDir(dataDir, env), `${DATABASE_KEY_NAME}.rotate`)
}

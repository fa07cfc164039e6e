import { readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../audit/writeFileAtomic'
import { CoreError } from '../CoreError'
import { dataDirPath } from '../config/dataDirLayout'

/**
 * `storage.json`: where the database key file is when the user moved it (`earshot config set
 * storage.keyFile PATH`). It cannot be a setting in earshot.db like the others: it is what opens
 * earshot.db. It holds a path, never key material.
 */
const StorageFile = z.object({ keyFile: z.string().min(1).optional() })

/** The key file's default name, beside the audit seal key in `<dataDir>/keys`. */
export const DATABASE_KEY_NAME = 'database'

/** The key file's path: `storage.keyFile` when set, else `<keys dir>/database.key`. */
export function databaseKeyFilePath(dataDir: string, env: NodeJS.ProcessEnv): string {
  return configuredKeyFile(dataDir) ?? join(keysDir(dataDir, env), `${DATABASE_KEY_NAME}.key`)
}

/** The folder of the 0600 key files (EARSHOT_KEYS_DIR, as the core's FileKeyStore uses). */
export function keysDir(dataDir: string, env: NodeJS.ProcessEnv): string {
  return env.EARSHOT_KEYS_DIR ?? dataDirPath(dataDir, 'keys')
}

/** `storage.keyFile` as set, or null when the key file is in its default place. */
export function configuredKeyFile(dataDir: string): string | null {
  let text: string
  try {
    text = readFileSync(dataDirPath(dataDir, 'storage'), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const parsed = StorageFile.safeParse(json)
  if (!parsed.success) {
    throw new CoreError(
      'storage-file-malformed',
      `${dataDirPath(dataDir, 'storage')} is not a valid storage file; fix or remove it (it only says where the key file is).`,
    )
  }
  return parsed.data.keyFile ?? null
}

/** Records where the key file now is (null: back to the default place). */
export function writeConfiguredKeyFile(dataDir: string, keyFile: string | null): void {
  const content = keyFile === null ? {} : { keyFile: absolute(keyFile) }
  writeFileAtomic(dataDirPath(dataDir, 'storage'), [`${JSON.stringify(content, null, 2)}\n`])
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(path)
}

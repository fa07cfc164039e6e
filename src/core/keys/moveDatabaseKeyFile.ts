import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { CoreError } from '../CoreError'
import { writeConfiguredKeyFile } from './databaseKeyFile'
import { readKeyFile, resolveDatabaseKey, writeKeyFile } from './resolveDatabaseKey'

/**
 * `earshot config set storage.keyFile PATH`: moves the database key file, for example to removable
 * media. Crash order: the key is written at the new place (0600, fsynced) and read back, then
 * `storage.json` points there, and only then is the old file removed, so at every moment one
 * recorded place holds the key. Returns the new path.
 */
export function moveDatabaseKeyFile(options: {
  dataDir: string
  env: NodeJS.ProcessEnv
  to: string
}): string {
  const current = resolveDatabaseKey({ dataDir: options.dataDir, env: options.env })
  if (current.source !== 'key-file' || current.keyFile === null) {
    throw new CoreError(
      'key-not-in-file',
      'The database key comes from EARSHOT_DB_KEY, not a key file, so there is no key file to move.',
    )
  }
  const to = resolve(options.to)
  if (to === current.keyFile) return to
  writeKeyFile(to, current.key, options.dataDir, options.env)
  if (!readKeyFile(to)?.equals(current.key)) {
    throw new CoreError(
      'key-move-failed',
      `The key could not be written to ${to}; it stays where it was.`,
    )
  }
  writeConfiguredKeyFile(options.dataDir, to)
  rmSync(current.keyFile, { force: true })
  return to
}

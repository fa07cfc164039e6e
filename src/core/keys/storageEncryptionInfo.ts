import type { StorageEncryptionInfo } from '../../shared/api'
import { KEY_FILE_PROTECTION_NOTE, type DatabaseKeySource } from './resolveDatabaseKey'

const details: Record<DatabaseKeySource, string> = {
  environment:
    'The databases are encrypted with the key in EARSHOT_DB_KEY; whoever set it keeps it, and this device stores no copy.',
  keychain:
    'The databases are encrypted with a random key sealed in the system keychain, so a copied data folder cannot be read without this account’s keychain.',
  'key-file': KEY_FILE_PROTECTION_NOTE,
}

/** What Settings says about encryption at rest: where the key is, and what that protects. */
export function storageEncryptionInfo(source: DatabaseKeySource): StorageEncryptionInfo {
  return { keySource: source, detail: details[source] }
}

import { join } from 'node:path'

/**
 * What Earshot keeps in its data folder, by name: one list, so deletion reaches every file the
 * other parts write there (src/core/deletion) and a new file has an obvious place to be declared.
 */
export const dataDirLayout = {
  /** Recordings, transcripts, the full-text index, derived data, the upload queue, settings. */
  database: 'earshot.db',
  /** The audit log and its head file (`audit.head`), append-only. */
  auditLog: 'audit.db',
  /** Web mode's copies of files added through the browser, one folder per upload. */
  imports: 'imports',
  /** Short-lived files written for a download (the audit export the UI hands over). */
  exports: 'exports',
  /** The desktop app's backend token, sealed with the OS keychain (src/main/TokenVault). */
  backendToken: 'backend-token.bin',
  /**
   * Keys kept outside the databases where no OS keychain is wired (CLI, web mode): the audit head's
   * seal key and one key per recording for its audit payloads (src/core/keys, src/core/audit).
   */
  keys: 'keys',
  /**
   * Where the database key file is when the user moved it (`storage.keyFile`): a path, no key. The
   * key itself is `keys/database.key`, the keychain, or `EARSHOT_DB_KEY` (src/core/keys).
   */
  storage: 'storage.json',
  /** Downloaded whisper models: public files, not the user's data. */
  models: 'models',
} as const

export function dataDirPath(dataDir: string, entry: keyof typeof dataDirLayout): string {
  return join(dataDir, dataDirLayout[entry])
}

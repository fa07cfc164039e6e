import { existsSync } from 'node:fs'
import type Database from 'better-sqlite3-multiple-ciphers'
import { dataDirPath } from '../../src/core/config/dataDirLayout'
import { databaseKeyFilePath } from '../../src/core/keys/databaseKeyFile'
import { resolveDatabaseKey } from '../../src/core/keys/resolveDatabaseKey'
import { openDatabase, type Db } from '../../src/core/store/openDatabase'
import { openEncryptedSqlite } from '../../src/core/store/openEncryptedSqlite'

/** The data folder's key, found (or made, for a folder a test seeds) the way the core does. */
export function dataFolderKey(dataDir: string): Buffer {
  return resolveDatabaseKey({ dataDir, env: process.env }).key
}

/** A data folder's earshot.db opened as the core opens it: keyed, migrated, WAL. */
export function openDataFolderDatabase(dataDir: string): Db {
  return openDatabase(dataDirPath(dataDir, 'database'), dataFolderKey(dataDir))
}

/**
 * One of a data folder's SQLite files, raw (no migration), with the folder's key applied. Never
 * makes a key: a test polling a folder a child process is still creating must not race it to
 * write the key file (it throws until the child made its key, as opening the file would).
 */
export function openDataFolderSqlite(
  dataDir: string,
  entry: 'database' | 'auditLog',
  options: Database.Options = {},
): Database.Database {
  if (!process.env.EARSHOT_DB_KEY && !existsSync(databaseKeyFilePath(dataDir, process.env))) {
    throw new Error(`${dataDir} has no database key yet`)
  }
  return openEncryptedSqlite(dataDirPath(dataDir, entry), dataFolderKey(dataDir), options)
}

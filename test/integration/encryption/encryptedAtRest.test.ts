import { existsSync, readFileSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataDirPath } from '../../../src/core/config/dataDirLayout'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { filesUnder } from '../deletion/support/findInFiles'
import { openDataFolderDatabase } from '../../support/openDataFolderDatabase'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedRecording } from '../../unit/sync/support/seedRecording'
import { plaintextDataDir, SECRET_WORDS } from './support/plaintextDataDir'

const tempDir = useTempDir('earshot-at-rest-')
const noKeyEnv = { EARSHOT_DB_KEY: '' }
const cli = (dataDir: string, args: string[], env: NodeJS.ProcessEnv = noKeyEnv) =>
  runCliCaptured([...args, '--data-dir', dataDir], env)

/** Files of the folder whose raw bytes hold a needle: no decryption, what a copy would show. */
function rawHits(dir: string, needles: string[]): string[] {
  return filesUnder(dir).flatMap((file) => {
    const bytes = readFileSync(join(dir, file))
    return needles
      .filter((needle) => bytes.includes(Buffer.from(needle)))
      .map((n) => `${file}: ${n}`)
  })
}

describe('the data folder at rest', () => {
  it('encrypts a plaintext library on first start; then no file holds a transcript word or a plain SQLite header, and list, search and audit verify work', async () => {
    const dataDir = tempDir()
    const ids = plaintextDataDir(dataDir, 3)
    // The scan finds what it looks for while the library is plaintext.
    expect(rawHits(dataDir, [SECRET_WORDS[0] ?? '', 'SQLite format 3'])).not.toEqual([])

    const list = await cli(dataDir, ['list', '--json'])
    expect(list.stderr).toBe('')
    expect(list.code).toBe(0)
    expect((JSON.parse(list.stdout) as { id: string }[]).map((r) => r.id).sort()).toEqual(
      [...ids].sort(),
    )
    const search = await cli(dataDir, ['search', SECRET_WORDS[1] ?? '', '--json'])
    expect(search.code).toBe(0)
    expect((JSON.parse(search.stdout) as unknown[]).length).toBeGreaterThan(0)
    const verify = await cli(dataDir, ['audit', 'verify', '--json'])
    expect(verify.code).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true })

    // A write that is still only in the WAL, with its connection open: -wal and -shm exist.
    const later = 'pomegranatic'
    const db = openDataFolderDatabase(dataDir)
    try {
      seedRecording(new RecordingStore(db), { texts: [`The ${later} plan is confidential.`] })
      expect(existsSync(`${dataDirPath(dataDir, 'database')}-wal`)).toBe(true)
      const files = filesUnder(dataDir)
      expect(files).toEqual(
        expect.arrayContaining(['earshot.db-wal', 'earshot.db-shm', 'audit.db']),
      )
      expect(rawHits(dataDir, [...SECRET_WORDS, later, 'SQLite format 3', 'pricing'])).toEqual([])
    } finally {
      db.close()
    }
    expect(rawHits(dataDir, [...SECRET_WORDS, later, 'SQLite format 3'])).toEqual([])

    // The key: 0600 in a 0700 folder, outside the database files; the CLI says what that means.
    const keyFile = join(dataDirPath(dataDir, 'keys'), 'database.key')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(statSync(dataDirPath(dataDir, 'keys')).mode & 0o777).toBe(0o700)
    const shown = await cli(dataDir, ['config', 'get', 'storage.keyFile'])
    expect(shown.stdout).toContain(keyFile)
    expect(shown.stdout).toMatch(/protected only against a copied database/)
  })

  it('refuses a wrong, malformed or missing key with one clear sentence', async () => {
    const dataDir = tempDir()
    plaintextDataDir(dataDir, 1)
    expect((await cli(dataDir, ['list'])).code).toBe(0)

    const wrong = await cli(dataDir, ['list'], { EARSHOT_DB_KEY: 'ab'.repeat(32) })
    expect(wrong.code).not.toBe(0)
    expect(wrong.stderr).toMatch(
      /^earshot: earshot\.db could not be opened with this key: [^\n]+\n$/,
    )
    expect(wrong.stderr).not.toMatch(/SQLITE_NOTADB|SqliteError|at /)

    const malformed = await cli(dataDir, ['list'], { EARSHOT_DB_KEY: 'not-a-key' })
    expect(malformed.code).not.toBe(0)
    expect(malformed.stderr).toMatch(
      /^earshot: EARSHOT_DB_KEY must be exactly 64 hex digits[^\n]+\n$/,
    )

    const keyFile = join(dataDirPath(dataDir, 'keys'), 'database.key')
    renameSync(keyFile, `${keyFile}.away`)
    const missing = await cli(dataDir, ['list'])
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toMatch(
      /^earshot: earshot\.db and audit\.db could not be opened: the database key is not in [^\n]+\n$/,
    )
    // No new key was made over the missing one: putting it back opens the library again.
    expect(existsSync(keyFile)).toBe(false)
    renameSync(`${keyFile}.away`, keyFile)
    expect((await cli(dataDir, ['list'])).code).toBe(0)
  })

  it('moves the key file with config set storage.keyFile and opens from there', async () => {
    const dataDir = tempDir()
    plaintextDataDir(dataDir, 1)
    const oldKeyFile = join(dataDirPath(dataDir, 'keys'), 'database.key')
    expect((await cli(dataDir, ['list'])).code).toBe(0)
    const key = readFileSync(oldKeyFile, 'utf8')
    const moved = join(tempDir(), 'usb', 'earshot.key')

    const set = await cli(dataDir, ['config', 'set', 'storage.keyFile', moved, '--json'])
    expect(set.code).toBe(0)
    expect(JSON.parse(set.stdout)).toEqual({ 'storage.keyFile': moved })
    expect(existsSync(oldKeyFile)).toBe(false)
    expect(readFileSync(moved, 'utf8')).toBe(key)
    expect(statSync(moved).mode & 0o777).toBe(0o600)
    expect(readFileSync(dataDirPath(dataDir, 'storage'), 'utf8')).not.toContain(key.trim())

    const list = await cli(dataDir, ['list', '--json'])
    expect(list.code).toBe(0)
    expect(JSON.parse(list.stdout)).toHaveLength(1)
  })
})

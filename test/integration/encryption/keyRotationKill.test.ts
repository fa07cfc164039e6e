import { cpSync, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { dataDirPath } from '../../../src/core/config/dataDirLayout'
import { databaseKeyFilePath } from '../../../src/core/keys/databaseKeyFile'
import { readKeyFile } from '../../../src/core/keys/resolveDatabaseKey'
import { rotateDatabaseKeyIfRequested } from '../../../src/core/keys/rotateDatabaseKey'
import { opensWithKey } from '../../../src/core/store/openEncryptedSqlite'
import { useTempDir } from '../../support/tempDir'
import { seededRandom } from '../../unit/audit/support/seededRandom'
import { dataFolderKey, openDataFolderDatabase } from '../../support/openDataFolderDatabase'
import { plaintextDataDir } from './support/plaintextDataDir'
import { runKillableChild } from './support/runKillableChild'

const tempDir = useTempDir('earshot-rotate-')
const RUNS = 12
const RECORDINGS = 300
const rotateChildScript = join(import.meta.dirname, 'support', 'rotateChild.ts')
const env = { ...process.env, EARSHOT_DB_KEY: '' }

/** An encrypted data folder (key file), as a start after issue 13 leaves it; returns its key. */
function encryptedDataDir(dataDir: string): Buffer {
  plaintextDataDir(dataDir, RECORDINGS)
  openDataFolderDatabase(dataDir).close()
  AuditLog.open(dataDirPath(dataDir, 'auditLog'), { databaseKey: dataFolderKey(dataDir) }).close()
  return dataFolderKey(dataDir)
}

/** After a finished rotation: one new key, every database under it only, nothing lost. */
function expectRotated(dataDir: string, oldKey: Buffer, label: string): Buffer {
  const keyFile = databaseKeyFilePath(dataDir, env)
  const key = readKeyFile(keyFile)
  expect(key, label).toBeDefined()
  expect(key?.equals(oldKey), label).toBe(false)
  // Neither the new key's staging copy nor the request is left beside the key.
  expect(
    readdirSync(join(dataDir, 'keys')).filter((name) => !name.startsWith('audit-')),
    label,
  ).toEqual(['database.key'])
  for (const entry of ['database', 'auditLog'] as const) {
    const path = dataDirPath(dataDir, entry)
    expect(opensWithKey(path, oldKey), `${label} ${entry} with the old key`).toBe(false)
    expect(existsSync(`${path}.encrypting`), label).toBe(false)
  }
  const db = openDataFolderDatabase(dataDir)
  try {
    expect(db.prepare('SELECT count(*) FROM recordings').pluck().get(), label).toBe(RECORDINGS)
    expect(db.prepare('SELECT count(*) FROM segments').pluck().get(), label).toBe(RECORDINGS * 20)
  } finally {
    db.close()
  }
  const audit = AuditLog.open(dataDirPath(dataDir, 'auditLog'), { databaseKey: key as Buffer })
  try {
    expect(audit.verify(), label).toMatchObject({ ok: true })
    expect(audit.list().length, label).toBe(5)
  } finally {
    audit.close()
  }
  return key as Buffer
}

describe('replacing the database key ("Delete all data" forgets the old one)', () => {
  it('re-encrypts every database under a new key; a copy made before opens with neither the new key nor anything left', async () => {
    const dataDir = tempDir()
    const oldKey = encryptedDataDir(dataDir)
    const backup = join(tempDir(), 'earshot.db')
    cpSync(dataDirPath(dataDir, 'database'), backup)
    const run = await runKillableChild(rotateChildScript, dataDir, null)
    expect(run.stdout).toMatch(/done \d+/)
    const newKey = expectRotated(dataDir, oldKey, 'unkilled')
    expect(opensWithKey(backup, oldKey)).toBe(true)
    expect(opensWithKey(backup, newKey)).toBe(false)
    // Nothing pending: a later start does not rotate again.
    expect(rotateDatabaseKeyIfRequested({ dataDir, env })).toBeNull()
  }, 120_000)

  it('refuses while another connection has a database open, and keeps the request', async () => {
    const dataDir = tempDir()
    const oldKey = encryptedDataDir(dataDir)
    const { requestDatabaseKeyRotation } = await import('../../../src/core/keys/rotateDatabaseKey')
    requestDatabaseKeyRotation(dataDir, env)
    const held = openDataFolderDatabase(dataDir)
    try {
      expect(() => rotateDatabaseKeyIfRequested({ dataDir, env })).toThrow(
        /is open in another Earshot process/,
      )
    } finally {
      held.close()
    }
    expect(rotateDatabaseKeyIfRequested({ dataDir, env })).toEqual({
      rotated: true,
      source: 'key-file',
    })
    expectRotated(dataDir, oldKey, 'after the refusal')
  }, 120_000)

  it(`survives kill -9 at ${RUNS} random moments: each restart finds every database whole under one of the two keys and finishes`, async () => {
    const template = tempDir()
    const oldKey = encryptedDataDir(template)
    const seed = Number(process.env.EARSHOT_ROTATION_SEED ?? Date.now() % 1_000_000)
    console.log(`keyRotationKill seed: ${seed} (EARSHOT_ROTATION_SEED=${seed} replays it)`)
    const random = seededRandom(seed)

    const timed = tempDir()
    cpSync(template, timed, { recursive: true })
    const full = await runKillableChild(rotateChildScript, timed, null)
    const durationMs = Number(/done (\d+)/.exec(full.stdout)?.[1])
    expect(durationMs).toBeGreaterThan(0)

    const outcomes: string[] = []
    for (let run = 0; run < RUNS; run++) {
      const dataDir = tempDir()
      cpSync(template, dataDir, { recursive: true })
      const delay = random.int(0, Math.ceil(durationMs * 1.2))
      const killed = await runKillableChild(rotateChildScript, dataDir, delay)
      outcomes.push(`${delay}ms:${killed.signal ?? 'finished'}`)
      // The restart: what the core's constructor does before it opens anything.
      rotateDatabaseKeyIfRequested({ dataDir, env })
      expectRotated(dataDir, oldKey, `run ${run} (kill after ${delay} ms)`)
    }
    console.log(`keyRotationKill outcomes: ${outcomes.join(' ')}`)
    expect(outcomes.some((outcome) => outcome.includes('SIGKILL'))).toBe(true)
  }, 600_000)
})

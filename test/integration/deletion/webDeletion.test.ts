import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/core/app'
import { dataDirLayout } from '../../../src/core/config/dataDirLayout'
import { startWebApp, type WebApp } from '../../e2e/support/startWebApp'
import { media } from '../../support/mediaFixtures'
import { runCliProcess } from '../../support/runCliProcess'
import { useTempDir } from '../../support/tempDir'
import { microModel } from '../transcribe/support/fixtures'
import { rawRequest } from '../web/rawRequest'
import { filesUnder, findInFiles } from './support/findInFiles'
import { seedInstallation, seedStagedRecording, uniqueWords } from './support/seedLibrary'
import { openDataFolderSqlite } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()
const apps: WebApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop()
})

/** See deleteLeavesNothing.test.ts: audit.db joins the search once payloads are erasable. */

/** The person at the terminal says yes to every sensitive change (a new backend token). */
const yes = { where: 'the test', confirm: () => Promise.resolve(true) }

async function start(modelPath?: string) {
  const app = await startWebApp({ confirmer: yes, ...(modelPath !== undefined && { modelPath }) })
  apps.push(app)
  const { port, token } = app.server
  const call = async <T>(channel: string, body?: unknown): Promise<T> => {
    const res = await rawRequest({
      port,
      path: `/api/${channel}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-earshot-token': token },
      body: body === undefined ? '' : JSON.stringify(body),
    })
    const result = JSON.parse(res.body.toString('utf8')) as { ok: boolean; value: T }
    if (!result.ok) throw new Error(`${channel}: ${res.body.toString('utf8')}`)
    return result.value
  }
  const upload = async (path: string, name: string): Promise<string> => {
    const res = await rawRequest({
      port,
      path: '/api/upload',
      method: 'POST',
      headers: {
        'x-earshot-token': token,
        'content-type': 'application/octet-stream',
        'x-earshot-filename': encodeURIComponent(name),
      },
      body: readFileSync(path),
    })
    expect(res.status).toBe(200)
    return (JSON.parse(res.body.toString('utf8')) as { value: { sourceId: string } }).value.sourceId
  }
  const importOne = async (sourceId: string) => {
    const [outcome] = await call<{ recordingId: string | null; error: { code: string } | null }[]>(
      'recordings.import',
      { sourceIds: [sourceId] },
    )
    return outcome
  }
  const waitUntilFinished = async (id: string): Promise<string> => {
    for (;;) {
      const { status } = await call<{ status: string }>('recordings.get', { id })
      if (status === 'done' || status === 'failed' || status === 'cancelled') return status
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const staged = () => {
    const dir = join(app.dataDir, dataDirLayout.imports)
    return existsSync(dir) ? readdirSync(dir) : []
  }
  return { app, call, upload, importOne, waitUntilFinished, staged }
}

describe('web mode removes its staged copy of a file', () => {
  it('when the import is refused (not media)', async () => {
    const web = await start(await microModel())
    const sourceId = await web.upload(media.textAsMp4, 'notes.mp4')
    expect(web.staged()).toHaveLength(1)
    const outcome = await web.importOne(sourceId)
    expect(outcome?.error).not.toBeNull()
    expect(web.staged()).toEqual([])
  })

  it('when the transcription fails after the import was accepted', async () => {
    const broken = join(tempDir(), 'broken-model.bin')
    // The ggml magic passes the check on save; the rest is no model, so the engine fails on it.
    writeFileSync(broken, Buffer.concat([Buffer.from('lmgg', 'latin1'), Buffer.alloc(64, 7)]))
    const web = await start(broken)
    const outcome = await web.importOne(await web.upload(media.wavS16Mono16k, 'call.wav'))
    const id = outcome?.recordingId ?? ''
    expect(await web.waitUntilFinished(id)).toBe('failed')
    // The row stays to show the error; the copy of the call audio does not.
    expect(web.staged()).toEqual([])
  })

  it('when its recording is deleted over HTTP: no file of the data folder keeps its words or media', async () => {
    const web = await start(await microModel())
    const mediaRun = readFileSync(media.mp4).subarray(20_000, 20_064)
    const { recordingId } = (await web.importOne(await web.upload(media.mp4, 'demo.mp4'))) ?? {}
    const id = recordingId ?? ''
    expect(await web.waitUntilFinished(id)).toBe('done')
    // Lines only this recording has, through the store the transcriber writes with.
    const words = uniqueWords(2)
    for (const word of words) {
      web.app.core.recordings.appendSegment(id, {
        startMs: 5000,
        endMs: 5900,
        text: `we discussed ${word} pricing`,
        speaker: null,
        confidence: null,
      })
    }
    web.app.core.rederive(id)
    const needles = [...words, mediaRun]
    expect(findInFiles(web.app.dataDir, needles).length).toBeGreaterThan(0)

    expect(await web.call('recordings.delete', { id })).toEqual({ deleted: true })
    expect(findInFiles(web.app.dataDir, needles)).toEqual([])
    expect(web.staged()).toEqual([])
  })
})

/** What a data folder holds after a delete-all, with what differs by run (ids, times) left out. */
function stateOf(dataDir: string) {
  const db = openDataFolderSqlite(dataDir, 'database', { readonly: true })
  const audit = openDataFolderSqlite(dataDir, 'auditLog', { readonly: true })
  try {
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all() as string[]
    const rows = Object.fromEntries(
      tables
        .filter((table) => table !== 'schema_migrations')
        .map((table) => [table, db.prepare(`SELECT COUNT(*) FROM "${table}"`).pluck().get()]),
    )
    const last = audit
      .prepare(
        'SELECT kind, purpose, destination, method, payload, status, reason FROM audit_log ORDER BY seq DESC LIMIT 1',
      )
      .get() as Record<string, unknown> & { payload: Buffer }
    return {
      // -wal and -shm exist only while a process has the database open.
      files: filesUnder(dataDir).filter((file) => !/-(wal|shm)$/.test(file)),
      rows,
      lastAuditEntry: { ...last, payload: JSON.parse(last.payload.toString('utf8')) as unknown },
    }
  } finally {
    db.close()
    audit.close()
  }
}

describe('"Delete all data" is one delete-all, whichever door', () => {
  it('the UI over HTTP and `earshot delete --all --yes` leave the same state and the same audit entry', async () => {
    // The CLI's door, as its own process, on a library seeded like the web one below.
    const cliDir = tempDir()
    const seeding = new Core({ dataDir: cliDir, env: {} })
    seedInstallation(seeding, 'http://127.0.0.1:9')
    const cliRecordings = [seedStagedRecording(seeding), seedStagedRecording(seeding)]
    await seeding.dispose()
    const result = await runCliProcess(['delete', '--all', '--yes', '--data-dir', cliDir])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)

    // The UI's door: web mode's API over loopback HTTP, with a token set for this session.
    const web = await start()
    seedInstallation(web.app.core, 'http://127.0.0.1:9')
    const webRecordings = [seedStagedRecording(web.app.core), seedStagedRecording(web.app.core)]
    await web.call('backend.setToken', { token: 'a-session-token-0123456789' })
    expect(await web.call('data.deleteAll', { confirm: 'delete everything' })).toEqual({
      deleted: 2,
    })
    expect(await web.call('backend.status')).toMatchObject({ tokenSet: false })
    expect(await web.call('firstRun.state')).toEqual({ done: false })
    const webDir = web.app.dataDir
    const needles = (list: typeof cliRecordings) => list.flatMap((r) => [...r.words, r.mediaRun])
    expect(findInFiles(webDir, needles(webRecordings))).toEqual([])
    expect(findInFiles(cliDir, needles(cliRecordings))).toEqual([])

    const cliState = stateOf(cliDir)
    // The CLI replaced the database key as soon as it closed the databases; web mode keeps them
    // open, so its request to replace the key waits for the next start (rotateDatabaseKey).
    const webState = stateOf(webDir)
    expect({
      ...webState,
      files: webState.files.filter((f) => f !== 'keys/database.rotate'),
    }).toEqual(cliState)
    expect(webState.files).toContain('keys/database.rotate')
    const restarted = tempDir()
    cpSync(webDir, restarted, { recursive: true })
    const next = new Core({ dataDir: restarted, env: {} })
    try {
      expect(next.keyRotation).toEqual({ rotated: true, source: 'key-file' })
      expect(filesUnder(restarted)).not.toContain('keys/database.rotate')
    } finally {
      await next.dispose()
    }
    // Every table is empty but the full-text index's own bookkeeping (its config, the empty
    // structure record), which holds no text.
    const nonEmpty = Object.entries(cliState.rows).filter(([, count]) => count !== 0)
    expect(nonEmpty.filter(([table]) => !table.startsWith('segments_fts_'))).toEqual([])
    expect(cliState.lastAuditEntry).toMatchObject({
      kind: 'outcome',
      purpose: 'deletion',
      method: 'DELETE',
      payload: { event: 'delete-all', removed: ['imports', 'backend-token.bin'] },
    })
  })
})

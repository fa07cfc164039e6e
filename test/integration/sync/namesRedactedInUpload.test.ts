import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReferenceBackend } from '../../../src/backend/ReferenceBackend'
import { Core } from '../../../src/core/app'
import { SettingsStore } from '../../../src/core/store/SettingsStore'
import { seedFixtureCall } from '../derive/support/seedFixtureCall'
import { openDataFolderDatabase } from '../../support/openDataFolderDatabase'
import { startCaptureProxy } from './support/startCaptureProxy'

// Issue 14: "Dana" and "Acme" reached the backend, and speaker names went in clear, although the
// user had asked for names to be redacted. The discovery call names Dana and Alex in its text; the
// user names both speakers, lists "Acme" as a term, and a line carries Jordan's address.
const TOKEN = 'names-redacted-token-0123456789'
const PLANTED = {
  3: 'Right now we are on Gong, Acme tried Chorus, and Jordan asked too: jordan.lee@example.com.',
  13: 'Nice. Jordan and Lee at Acme would love a coaching scorecard for new hires.',
}
const NAMES = ['Dana', 'Whitfield', 'Acme', 'Alex', 'Jordan', 'Lee']

/** Whole-word, case-insensitive occurrences of each name in the bytes, e.g. { Dana: 3 }. */
function namesIn(bytes: Buffer): Record<string, number> {
  const text = bytes.toString('utf8')
  const counts: Record<string, number> = {}
  for (const name of NAMES) {
    const n = text.match(new RegExp(`(?<![\\p{L}])${name}(?![\\p{L}])`, 'giu'))?.length ?? 0
    if (n > 0) counts[name] = n
  }
  return counts
}

let dir = ''
let backend: ReferenceBackend
let proxy: Awaited<ReturnType<typeof startCaptureProxy>>
let core: Core
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'earshot-names-'))
  backend = new ReferenceBackend({ token: TOKEN, dbPath: join(dir, 'backend.db') })
  const url = await backend.listen()
  proxy = await startCaptureProxy(Number(new URL(url).port))
  const dataDir = join(dir, 'data')
  const db = openDataFolderDatabase(dataDir)
  new SettingsStore(db).set('backend.url', proxy.url)
  db.close()
  core = new Core({ dataDir, env: { ...process.env, EARSHOT_BACKEND_TOKEN: TOKEN } })
  core.settings.set('redaction.terms', ['Acme'])
  core.settings.set('signals.competitors', ['Gong', 'Chorus'])
})
afterAll(async () => {
  await core.dispose()
  await proxy.close()
  await backend.close()
  rmSync(dir, { recursive: true, force: true })
})

function seedNamedCall(): string {
  const { id } = seedFixtureCall(core.recordings, 'discovery-call', PLANTED)
  core.derived.renameSpeaker(id, 'Speaker 1', 'Alex (AE)')
  core.derived.renameSpeaker(id, 'Speaker 2', 'Dana Whitfield (Acme)')
  core.rederive(id)
  return id
}

async function uploadCaptured(id: string): Promise<Buffer> {
  const before = proxy.streams().length
  const [result] = await core.sync.upload([id])
  expect(result?.error ?? null).toBeNull()
  expect(result?.state).toBe('done')
  return Buffer.concat(proxy.streams().slice(before))
}

describe('the names the user gave, and the person in an address, do not reach the backend', () => {
  it('sends none of them, in text, speakers, signals or metrics keys, through the real gate', async () => {
    const id = seedNamedCall()
    const prepared = JSON.parse(Buffer.from(core.sync.prepare(id).body).toString('utf8')) as {
      segments: { speaker: string }[]
      signals: { speaker?: string }[]
      metrics: { talkRatio: Record<string, number> }
    }
    expect(new Set(prepared.segments.map((s) => s.speaker))).toEqual(
      new Set(['Speaker 1', 'Speaker 2']),
    )
    expect(Object.keys(prepared.metrics.talkRatio)).toEqual(['Speaker 1', 'Speaker 2'])
    expect(prepared.signals.length).toBeGreaterThan(0)

    const sent = await uploadCaptured(id)
    expect(sent.toString('utf8')).toContain('POST /v1/transcripts')
    expect(namesIn(sent)).toEqual({})
  })

  it('finds them all in the same capture when redaction is off (the search can fail)', async () => {
    core.settings.set('redaction.enabled', false)
    try {
      const sent = await uploadCaptured(seedNamedCall())
      expect(Object.keys(namesIn(sent)).sort()).toEqual([...NAMES].sort())
    } finally {
      core.settings.set('redaction.enabled', true)
    }
  })
})

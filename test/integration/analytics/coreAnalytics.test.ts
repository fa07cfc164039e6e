import { copyFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { Core } from '../../../src/core/app'
import { BackendSession } from '../../../src/core/api/BackendSession'
import { memoryTokenStore } from '../../../src/core/api/BackendTokenStore'
import { AuditLog } from '../../../src/core/audit/AuditLog'
import { ensureTestModel } from '../../../src/core/transcribe/model/ensureTestModel'
import { AnalyticsBatch } from '../../../src/shared/analytics'
import { realSpeech } from '../../support/mediaFixtures'
import { sharedFixturesDir, testOutputDir } from '../../support/paths'
import { useTempDir } from '../../support/tempDir'
import { seedDataDir } from '../sync/support/seedDataDir'
import { BACKEND_TOKEN, startBackend } from '../sync/support/startBackend'
import { dataFolderKey } from '../../support/openDataFolderDatabase'

const API_KEY = '0123456789abcdef0123456789abcdef'

/** Amplitude's HTTP API, stood in for on loopback: records every body it is sent. */
const received: Buffer[] = []
const amplitude = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    received.push(Buffer.concat(chunks))
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ code: 200, events_ingested: 1 }))
  })
})
let amplitudeUrl = ''
let modelPath = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => amplitude.listen(0, '127.0.0.1', resolve))
  amplitudeUrl = `http://127.0.0.1:${(amplitude.address() as AddressInfo).port}/2/httpapi`
  modelPath = await ensureTestModel({
    dims: 'micro',
    seed: 1,
    vocabSource: join(sharedFixturesDir, 'for-tests-ggml-tiny.en.bin'),
    outPath: join(testOutputDir, 'models', 'whisper-micro-seed1.bin'),
  })
})
afterAll(async () => {
  await new Promise((resolve) => amplitude.close(resolve))
})

describe('analytics wired into the core', () => {
  const tempDir = useTempDir()
  let closeBackend: (() => Promise<void>) | undefined
  afterEach(async () => {
    received.length = 0
    await closeBackend?.()
    closeBackend = undefined
  })

  /** A core over a data folder with one finished recording and the reference backend set. */
  async function startCore(
    analytics: { apiKey?: string; flushIntervalMillis?: number } = {},
  ): Promise<{ core: Core; uploadable: string; dataDir: string }> {
    const backend = await startBackend(tempDir())
    closeBackend = () => backend.close()
    const dataDir = join(tempDir(), 'data')
    const [uploadable] = seedDataDir(dataDir, backend.url, 1)
    const core = new Core({
      dataDir,
      env: { EARSHOT_BACKEND_TOKEN: BACKEND_TOKEN },
      analytics: { serverUrl: amplitudeUrl, flushIntervalMillis: 10, ...analytics },
    })
    return { core, uploadable: uploadable ?? '', dataDir }
  }

  /** What the app does in a session: opens, uploads, imports one file well and one that fails. */
  async function useTheApp(core: Core, uploadable: string): Promise<void> {
    core.reportAppOpened()
    const [upload] = await core.sync.upload([uploadable])
    expect(upload?.state).toBe('done')
    // A wav whose name is personal: neither the name nor the path may reach an event.
    const named = join(tempDir(), 'Call with Jane Doe.wav')
    copyFileSync(realSpeech.jfkWav, named)
    const options = { language: 'en', threads: 1, initialPrompt: null }
    await core.importer.importFile(named, { ...options, modelPath })
    const missingModel = join(tempDir(), 'no-such-model.bin')
    await core.importer.importFile(realSpeech.jfkMp3, { ...options, modelPath: missingModel })
    await core.runner.drain()
  }

  /** The analytics entries of the data folder's audit log, read after the core has closed it. */
  function auditedAnalytics(dataDir: string): {
    payloads: Buffer[]
    kinds: string[]
    chainOk: boolean
  } {
    const audit = AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) })
    try {
      const entries = audit.list().filter((entry) => entry.purpose === 'analytics')
      return {
        payloads: entries
          .filter((entry) => entry.kind === 'attempt')
          .map((entry) => Buffer.from(entry.payload ?? [])),
        kinds: entries.map((entry) => entry.kind),
        chainOk: audit.verify().ok,
      }
    } finally {
      audit.close()
    }
  }

  it('sends nothing and audits nothing while the user has not opted in', async () => {
    const { core, uploadable, dataDir } = await startCore({ apiKey: API_KEY })
    await useTheApp(core, uploadable)
    await core.dispose()
    expect(auditedAnalytics(dataDir).kinds).toEqual([])
    expect(received).toEqual([])
    // The same log holds the upload: it is the log the gate writes to, and it is not empty.
    const audit = AuditLog.open(join(dataDir, 'audit.db'), { databaseKey: dataFolderKey(dataDir) })
    expect(audit.list({ purpose: 'upload', kind: 'attempt' })).toHaveLength(1)
    audit.close()
  })

  it('once opted in, sends audited batches of enum-only events through the gate', async () => {
    const { core, uploadable, dataDir } = await startCore({ apiKey: API_KEY })
    core.settings.set('analytics.enabled', true)
    await useTheApp(core, uploadable)
    await core.dispose()

    const batches = received.map((body) => AnalyticsBatch.parse(JSON.parse(body.toString('utf8'))))
    const events = batches.flatMap((batch) => batch.events)
    expect(events.map((event) => event.event_type).sort()).toEqual([
      'app_opened',
      'error',
      'import_finished',
      'transcription_speed',
      'upload_succeeded',
    ])
    const properties = Object.fromEntries(events.map((e) => [e.event_type, e.event_properties]))
    expect(properties.import_finished).toEqual({ durationBucket: '<1m', format: 'wav' })
    expect(properties.error).toEqual({ code: 'model-not-found' })
    expect(properties.transcription_speed).toMatchObject({ model: 'other' })
    // Enum members only: no value anywhere is the file's name, a path or free text.
    for (const event of events) {
      for (const value of Object.values(event.event_properties)) {
        expect(
          z
            .string()
            .regex(/^[a-z0-9<>.-]{1,20}$/)
            .parse(value),
        ).toBe(value)
      }
    }
    const wire = Buffer.concat(received).toString('utf8')
    expect(wire).not.toMatch(/Jane|Doe|jfk|\.bin|\/tmp|thanks for calling/i)

    // Each batch was audited first, byte for byte, with its outcome, and the chain holds.
    const audited = auditedAnalytics(dataDir)
    expect(audited.payloads).toEqual(received)
    expect(audited.kinds).toEqual(received.flatMap(() => ['attempt', 'outcome']))
    expect(audited.chainOk).toBe(true)
  })

  it('counts uploads sent from the UI (its own per-session sync service) like the CLI’s', async () => {
    const { core, uploadable } = await startCore({ apiKey: API_KEY })
    core.settings.set('analytics.enabled', true)
    const session = new BackendSession(core, memoryTokenStore(BACKEND_TOKEN))
    const [upload] = await session.sync().upload([uploadable])
    expect(upload?.state).toBe('done')
    await session.dispose()
    await core.dispose()
    const events = received.flatMap(
      (body) => AnalyticsBatch.parse(JSON.parse(body.toString('utf8'))).events,
    )
    expect(events.map((event) => event.event_type)).toEqual(['upload_succeeded'])
  })

  it('drops batches already queued when the user opts out', async () => {
    const { core, dataDir } = await startCore({ apiKey: API_KEY, flushIntervalMillis: 60_000 })
    core.settings.set('analytics.enabled', true)
    core.reportAppOpened()
    core.settings.set('analytics.enabled', false)
    await core.dispose()
    expect(auditedAnalytics(dataDir).kinds).toEqual([])
    expect(received).toEqual([])
  })

  it('stays off without an Amplitude key, whatever the setting', async () => {
    const { core } = await startCore()
    expect(core.analytics).toBeNull()
    core.settings.set('analytics.enabled', true)
    core.reportAppOpened()
    await core.dispose()
    expect(received).toEqual([])
  })
})

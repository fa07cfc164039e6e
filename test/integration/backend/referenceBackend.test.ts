import { randomUUID } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { ReferenceBackend } from '../../../src/backend/ReferenceBackend'
import type { TranscriptUpload } from '../../../src/shared/upload'
import { teamEngines, useTeamDatabases, type TeamEngine } from '../../support/teamDatabases'

const database = useTeamDatabases()
const TOKEN = 'test-token-0123456789'
const running: ReferenceBackend[] = []
afterEach(async () => {
  for (const backend of running.splice(0)) await backend.close()
})

async function start(engine: TeamEngine) {
  const backend = new ReferenceBackend({ token: TOKEN, db: await database(engine) })
  running.push(backend)
  return { backend, url: await backend.listen() }
}

function upload(overrides: Partial<TranscriptUpload> = {}): TranscriptUpload {
  return {
    schemaVersion: 1,
    recordingId: randomUUID(),
    durationMs: 11_000,
    language: 'en',
    createdAt: new Date().toISOString(),
    segments: [{ startMs: 0, endMs: 2500, text: 'ask not what your country can do for you' }],
    summary: null,
    signals: [],
    metrics: null,
    client: { appVersion: '0.1.0', installId: randomUUID() },
    ...overrides,
  }
}

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/v1/transcripts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...headers,
    },
    body,
  })
}

describe.each(teamEngines)('reference backend on %s', (engine) => {
  it('listens on loopback and answers health only with the token', async () => {
    const { url } = await start(engine)
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await fetch(`${url}/v1/health`)).status).toBe(401)
    const ok = await fetch(`${url}/v1/health`, { headers: { authorization: `Bearer ${TOKEN}` } })
    expect(await ok.json()).toEqual({ ok: true, schemaVersion: 1 })
  })

  it('stores an upload once per idempotency key and returns the same receipt again', async () => {
    const { backend, url } = await start(engine)
    const body = JSON.stringify(upload())
    const key = randomUUID()
    const first = await post(url, body, { 'idempotency-key': key })
    expect(first.status).toBe(201)
    const receipt = (await first.json()) as { id: string; payloadSha256: string }
    const again = await post(url, body, { 'idempotency-key': key })
    expect(again.status).toBe(201)
    expect(await again.json()).toEqual(receipt)
    expect(await backend.store.count()).toBe(1)
    const reused = await post(url, JSON.stringify(upload()), { 'idempotency-key': key })
    expect(reused.status).toBe(409)
  })

  it('rejects bad schema, wrong content type, missing key and wrong token', async () => {
    const { backend, url } = await start(engine)
    expect(
      (await post(url, JSON.stringify({ ...upload(), sourcePath: '/home/a/call.mp4' }))).status,
    ).toBe(422)
    expect(
      (await post(url, JSON.stringify(upload()), { 'content-type': 'audio/mp4' })).status,
    ).toBe(415)
    expect((await post(url, JSON.stringify(upload()), { 'idempotency-key': 'x' })).status).toBe(400)
    expect(
      (await post(url, JSON.stringify(upload()), { authorization: 'Bearer nope' })).status,
    ).toBe(401)
    expect(await backend.store.count()).toBe(0)
  })

  it('refuses media hidden in a schema-valid field, server-side too', async () => {
    const { backend, url } = await start(engine)
    // An MP4 header (ftyp box) base64-encoded into segment text.
    const mp4Header = Buffer.concat([
      Buffer.from([0, 0, 0, 0x20]),
      Buffer.from('ftypisom\0\0\x02\0isomiso2avc1mp41'),
      Buffer.alloc(256, 7),
    ])
    const smuggled = upload({
      segments: [{ startMs: 0, endMs: 1, text: mp4Header.toString('base64') }],
    })
    const response = await post(url, JSON.stringify(smuggled))
    expect(response.status).toBe(422)
    expect(await backend.store.count()).toBe(0)
  })

  it('deletes a transcript and treats a repeated deletion as done', async () => {
    const { backend, url } = await start(engine)
    const payload = upload()
    await post(url, JSON.stringify(payload))
    const del = () =>
      fetch(`${url}/v1/transcripts/${payload.recordingId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    expect((await del()).status).toBe(200)
    expect(await backend.store.count()).toBe(0)
    expect((await del()).status).toBe(200)
    expect((await backend.store.requestLog()).map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 201',
      'DELETE 200',
      'DELETE 200',
    ])
  })
})

import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { TranscriptUpload } from '../../../src/shared/upload'
import {
  deleteTranscript,
  postTranscript,
  teamUpload,
  useTeamBackends,
} from '../../support/teamBackend'
import { teamEngines, type TeamEngine } from '../../support/teamDatabases'

const backends = useTeamBackends()
const TOKEN = 'test-token-0123456789'

const start = (engine: TeamEngine) => backends.start(engine, { token: TOKEN })

const upload = (overrides: Partial<TranscriptUpload> = {}) =>
  teamUpload(['ask not what your country can do for you'], overrides)

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  postTranscript(url, TOKEN, body, headers)

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
    const del = () => deleteTranscript(url, TOKEN, payload.recordingId)
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

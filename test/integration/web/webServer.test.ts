import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../src/core/http/contentSecurityPolicy'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/security'
import { media } from '../../support/mediaFixtures'
import { startWebApp, type WebApp } from '../../e2e/support/startWebApp'
import { microModel } from '../transcribe/support/fixtures'
import { rawRequest } from './rawRequest'

let app: WebApp
let port = 0
let token = ''
const MAX_UPLOAD = 2 * 1024 * 1024

beforeAll(async () => {
  app = await startWebApp({ modelPath: await microModel(), maxUploadBytes: MAX_UPLOAD })
  port = app.server.port
  token = app.server.token
})

afterAll(async () => {
  await app.stop()
})

const withToken = (headers: Record<string, string> = {}): Record<string, string> => ({
  'x-earshot-token': token,
  ...headers,
})
const api = (channel: string, body: unknown, headers = withToken()) =>
  rawRequest({
    port,
    path: `/api/${channel}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  })
const json = (body: Buffer): unknown => JSON.parse(body.toString('utf8'))

async function upload(path: string, name: string): Promise<string> {
  const res = await rawRequest({
    port,
    path: '/api/upload',
    method: 'POST',
    headers: withToken({
      'content-type': 'application/octet-stream',
      'x-earshot-filename': encodeURIComponent(name),
    }),
    body: readFileSync(path),
  })
  expect(res.status).toBe(200)
  return (json(res.body) as { value: { sourceId: string } }).value.sourceId
}

describe('web mode: who may call in', () => {
  it('listens on loopback and prints a URL that carries the token in its fragment only', () => {
    expect(app.server.url).toBe(`http://127.0.0.1:${port}/#token=${token}`)
    expect(token).toMatch(/^[\w-]{43}$/)
    expect(app.server.mediaKey).toMatch(/^[\w-]{43}$/)
    expect(app.server.mediaKey).not.toBe(token)
  })

  it('refuses a Host other than 127.0.0.1:port, token or not (DNS rebinding)', async () => {
    for (const host of [
      'evil.example',
      `localhost:${port}`,
      `127.0.0.1:${port + 1}`,
      `evil.example:${port}`,
    ]) {
      const res = await api('app.info', undefined, withToken({ host }))
      expect(res.status, host).toBe(421)
    }
  })

  it('refuses other origins and cross-site fetch metadata, token or not', async () => {
    const cases: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { origin: `http://localhost:${port}` },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]
    for (const headers of cases) {
      const res = await api('app.info', undefined, withToken(headers))
      expect(res.status, JSON.stringify(headers)).toBe(403)
    }
    const same = await api('app.info', undefined, withToken({ origin: `http://127.0.0.1:${port}` }))
    expect(same.status).toBe(200)
  })

  it('needs the token for the API and events, and the token or media key for media', async () => {
    for (const path of ['/api/events', '/api/media/x', '/api/session', '/api/media/x?key=nope']) {
      expect((await rawRequest({ port, path })).status, path).toBe(401)
    }
    expect((await api('app.info', undefined, {})).status).toBe(401)
    expect(
      (await api('app.info', undefined, { 'x-earshot-token': token.slice(1) + 'A' })).status,
    ).toBe(401)
    expect((await api('app.info', undefined, { authorization: `Bearer ${token}` })).status).toBe(
      200,
    )
    // The media key reads media and nothing else.
    expect(
      (await api('app.info', undefined, { authorization: `Bearer ${app.server.mediaKey}` })).status,
    ).toBe(401)
  })

  it('serves the page without the token and never sets a cookie', async () => {
    for (const path of ['/', '/index.html', `/?token=${token}`]) {
      const page = await rawRequest({ port, path })
      expect(page.status, path).toBe(200)
      expect(page.body.toString()).toContain('<div id="root">')
      expect(page.headers['set-cookie'], path).toBeUndefined()
    }
    const session = await rawRequest({ port, path: '/api/session', headers: withToken() })
    expect(json(session.body)).toEqual({ ok: true, value: { mediaKey: app.server.mediaKey } })
    expect(session.headers['set-cookie']).toBeUndefined()
  })

  it('sends the Electron CSP (media from its own origin) and no-referrer with every response, errors included', async () => {
    const webPolicy = contentSecurityPolicy("'self'")
    // The same policy as the desktop app's in every directive but where media comes from.
    expect(webPolicy.replace("media-src 'self'", '')).toBe(
      CONTENT_SECURITY_POLICY.replace('media-src earshot-media:', ''),
    )
    for (const res of [
      await rawRequest({ port, path: '/', headers: withToken() }),
      await rawRequest({ port, path: '/nope' }),
      await api('app.info', undefined),
    ]) {
      expect(res.headers['content-security-policy']).toBe(webPolicy)
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
    }
  })

  it('serves nothing outside the built renderer', async () => {
    for (const path of ['/%2e%2e/package.json', '/..%2fpackage.json', '/assets/%00', '/%E0%A4%A']) {
      expect((await rawRequest({ port, path, headers: withToken() })).status, path).toBe(404)
    }
  })
})

describe('web mode: the API over HTTP', () => {
  it('answers calls with the same result values as IPC', async () => {
    const res = await api('recordings.get', { id: 'missing' })
    expect(res.status).toBe(200)
    expect(json(res.body)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'That recording no longer exists.' },
    })
    expect(json((await api('no.such', undefined)).body)).toMatchObject({
      error: { code: 'unknown-channel' },
    })
  })

  it('takes JSON only, so a cross-site form can never post without a preflight', async () => {
    const res = await rawRequest({
      port,
      path: '/api/app.info',
      method: 'POST',
      headers: withToken({ 'content-type': 'text/plain' }),
      body: '',
    })
    expect(res.status).toBe(415)
    const broken = await rawRequest({
      port,
      path: '/api/app.info',
      method: 'POST',
      headers: withToken({ 'content-type': 'application/json' }),
      body: '{',
    })
    expect(broken.status).toBe(400)
  })

  it('streams an upload into its own folder under imports/, with a safe name', async () => {
    const sourceId = await upload(media.mp4, '../../etc/evil name.mp4')
    expect(sourceId).toMatch(/^[0-9a-f-]{36}$/)
    const folders = readdirSync(join(app.dataDir, 'imports'))
    const names = folders.flatMap((f) => readdirSync(join(app.dataDir, 'imports', f)))
    expect(names).toContain('evil name.mp4')
  })

  it('refuses an upload over the cap and keeps nothing of it', async () => {
    const before = readdirSync(join(app.dataDir, 'imports')).length
    const res = await rawRequest({
      port,
      path: '/api/upload',
      method: 'POST',
      headers: withToken({
        'content-type': 'application/octet-stream',
        'x-earshot-filename': 'big.wav',
      }),
      body: Buffer.alloc(MAX_UPLOAD + 1),
    })
    expect(res.status).toBe(413)
    expect(json(res.body)).toMatchObject({ ok: false, error: { code: 'too-large' } })
    expect(readdirSync(join(app.dataDir, 'imports')).length).toBe(before)
  })

  it('imports an upload, pushes job events over SSE, and serves the media with ranges', async () => {
    const controller = new AbortController()
    const events = await fetch(`${app.server.origin}/api/events`, {
      headers: withToken(),
      signal: controller.signal,
    })
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = events.body?.pipeThrough(new TextDecoderStream()).getReader()

    const sourceId = await upload(media.mp4, 'demo call.mp4')
    const imported = json((await api('recordings.import', { sourceIds: [sourceId] })).body) as {
      value: { recordingId: string }[]
    }
    const id = imported.value[0]?.recordingId ?? ''

    let stream = ''
    while (!/event: job\ndata: \{"type":"finished"[^\n]*"status":"done"/.test(stream)) {
      const chunk = await reader?.read()
      if (!chunk || chunk.done) break
      stream += chunk.value
    }
    controller.abort()
    expect(stream).toContain(`"recordingId":"${id}"`)
    expect(stream).toContain('"type":"progress"')
    expect(stream).not.toContain(app.dataDir)

    const size = readFileSync(media.mp4).length
    const whole = await rawRequest({ port, path: `/api/media/${id}`, headers: withToken() })
    expect(whole.status).toBe(200)
    const byKey = await rawRequest({
      port,
      path: `/api/media/${id}?key=${app.server.mediaKey}`,
      headers: { range: 'bytes=0-9' },
    })
    expect(byKey.status).toBe(206)
    expect(whole.headers['content-type']).toBe('video/mp4')
    expect(whole.headers['accept-ranges']).toBe('bytes')
    expect(whole.body.equals(readFileSync(media.mp4))).toBe(true)

    const part = await rawRequest({
      port,
      path: `/api/media/${id}`,
      headers: withToken({ range: 'bytes=100-199' }),
    })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 100-199/${size}`)
    expect(part.body.equals(readFileSync(media.mp4).subarray(100, 200))).toBe(true)

    const tail = await rawRequest({
      port,
      path: `/api/media/${id}`,
      headers: withToken({ range: 'bytes=-10' }),
    })
    expect(tail.body.equals(readFileSync(media.mp4).subarray(size - 10))).toBe(true)

    const beyond = await rawRequest({
      port,
      path: `/api/media/${id}`,
      headers: withToken({ range: `bytes=${size}-` }),
    })
    expect(beyond.status).toBe(416)
    expect(beyond.headers['content-range']).toBe(`bytes */${size}`)

    // Only imported recordings, by id: nothing else on disk is reachable.
    for (const path of ['/api/media/..%2f..%2fetc%2fpasswd', '/api/media/not-an-id']) {
      expect((await rawRequest({ port, path, headers: withToken() })).status, path).toBe(404)
    }
    expect(app.loggedErrors).toEqual([])
  })
})

import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../src/core/app'
import { NativeFfmpeg } from '../../src/core/media/NativeFfmpeg'
import { media } from '../support/mediaFixtures'
import { usePrivateTempDir } from '../support/tempDir'
import { testTerminal, type TestTerminal } from '../support/testTerminal'
import { rawRequest } from '../integration/web/rawRequest'
import { seedFixtureCall } from '../e2e/support/seedFixtureCall'
import { startWebApp, type WebApp } from '../e2e/support/startWebApp'

// Red team, issue 9: what another server on 127.0.0.1 (or anything holding only the page's withSession())
// can do against web mode. The review's attack: the browser sent web mode's cookie to a server on
// another port, which listed recordings, downloaded the raw recording through /api/media/<id> and
// re-pointed uploads to itself; and `settings.set media.ffmpegPath` planted a program to run.

/** How long the terminal waits for an answer in these tests before it counts as no. */
const ANSWER_WINDOW_MS = 1500

let app: WebApp
let terminal: TestTerminal
let port = 0
let token = ''
let recordingId = ''

beforeAll(async () => {
  terminal = testTerminal(ANSWER_WINDOW_MS)
  app = await startWebApp({ confirmer: terminal.confirmer })
  port = app.server.port
  token = app.server.token
  recordingId = seedFixtureCall(app.core, media.mp4)
})
afterAll(async () => {
  terminal.confirmer.dispose()
  await app.stop()
})

const api = (channel: string, body: unknown, headers: Record<string, string>) =>
  rawRequest({
    port,
    path: `/api/${channel}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  })
const bodyOf = (res: { body: Buffer }): unknown => JSON.parse(res.body.toString('utf8'))
const withSession = (headers: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...headers,
})

/** A request without any Host header (HTTP/1.0 allows it; node:http always sends one). */
function requestWithoutHost(path: string, version: '1.0' | '1.1'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let reply = ''
    socket.setEncoding('utf8')
    socket.on('data', (text: string) => (reply += text))
    socket.on('end', () => {
      resolve(reply)
    })
    socket.on('error', reject)
    socket.write(
      `GET ${path} HTTP/${version}\r\nauthorization: Bearer ${token}\r\nconnection: close\r\n\r\n`,
    )
  })
}

describe('red team: the web session stays on its own origin', () => {
  it('cookie replay from another port: no response sets a cookie, and a replayed one opens nothing', async () => {
    const responses = [
      await rawRequest({ port, path: '/' }),
      await rawRequest({ port, path: `/?token=${token}` }),
      await rawRequest({ port, path: '/api/session', headers: withSession() }),
      await api('recordings.list', undefined, withSession()),
      await rawRequest({ port, path: `/api/media/${recordingId}`, headers: withSession() }),
    ]
    for (const res of responses) expect(res.headers['set-cookie']).toBeUndefined()

    // What the old build's cookie looked like, and what any other port would have been sent.
    for (const cookie of [`earshot_${port}=${token}`, `earshot=${token}`, `token=${token}`]) {
      const list = await api('recordings.list', undefined, { cookie })
      expect(list.status, cookie).toBe(401)
      expect(list.body.toString()).not.toContain(recordingId)
      const file = await rawRequest({
        port,
        path: `/api/media/${recordingId}`,
        headers: { cookie },
      })
      expect(file.status, cookie).toBe(401)
    }
  })

  it('a request with no Host header is refused, token or not', async () => {
    for (const version of ['1.0', '1.1'] as const) {
      const reply = await requestWithoutHost(`/api/media/${recordingId}`, version)
      expect(reply, version).toMatch(/^HTTP\/1\.[01] (400|421) /)
      expect(reply).not.toContain('video/mp4')
    }
  })

  it('a forged Host (DNS rebinding, another port, localhost) is refused, token or not', async () => {
    for (const host of [
      'attacker.example',
      `attacker.example:${port}`,
      `127.0.0.1:${port + 1}`,
      `localhost:${port}`,
      `127.0.0.2:${port}`,
      `[::1]:${port}`,
      `127.0.0.1:${port}.attacker.example`,
    ]) {
      expect((await api('recordings.list', undefined, withSession({ host }))).status, host).toBe(
        421,
      )
      const file = await rawRequest({
        port,
        path: `/api/media/${recordingId}?key=${app.server.mediaKey}`,
        headers: { host },
      })
      expect(file.status, host).toBe(421)
    }
  })

  it('a cross-origin Origin or same-site fetch metadata (another localhost port) is refused, token or not', async () => {
    const otherPort = `http://127.0.0.1:${port + 1}`
    const attempts: Record<string, string>[] = [
      { origin: otherPort },
      { origin: `http://localhost:${port}` },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
    ]
    for (const headers of attempts) {
      const label = JSON.stringify(headers)
      expect((await api('recordings.list', undefined, withSession(headers))).status, label).toBe(
        403,
      )
      const file = await rawRequest({
        port,
        path: `/api/media/${recordingId}?key=${app.server.mediaKey}`,
        headers,
      })
      expect(file.status, label).toBe(403)
    }
  })

  it('media download without the media key or the session gets nothing', async () => {
    for (const path of [
      `/api/media/${recordingId}`,
      `/api/media/${recordingId}?key=`,
      `/api/media/${recordingId}?key=${app.server.mediaKey.slice(1)}A`,
      // The session token is not the media key (it never goes into a URL).
      `/api/media/${recordingId}?key=${token}`,
    ]) {
      const res = await rawRequest({ port, path })
      expect(res.status, path).toBe(401)
      expect(res.headers['content-type']).not.toBe('video/mp4')
    }
    // And the media key opens media only: not the API, not the event stream, not the session.
    const key = { authorization: `Bearer ${app.server.mediaKey}` }
    expect((await api('recordings.list', undefined, key)).status).toBe(401)
    for (const path of [`/api/session?key=${app.server.mediaKey}`, '/api/events']) {
      expect((await rawRequest({ port, path, headers: key })).status, path).toBe(401)
    }
    const played = await rawRequest({
      port,
      path: `/api/media/${recordingId}?key=${app.server.mediaKey}`,
      headers: { range: 'bytes=0-15', 'sec-fetch-site': 'same-origin' },
    })
    expect(played.status).toBe(206)
  })
})

describe('red team: where data goes and what runs need a yes at the terminal', () => {
  const planted = 'http://127.0.0.1:9/collect'

  it('settings.set backend.url with the session but no answer at the terminal is refused', async () => {
    const before = terminal.printed().length
    const res = await api('settings.set', { key: 'backend.url', value: planted }, withSession())
    expect(bodyOf(res)).toEqual({
      ok: false,
      error: {
        code: 'not-confirmed',
        message:
          'backend.url was not changed: that needs your yes in the terminal running `earshot web`.',
      },
    })
    expect(app.core.settings.get('backend.url')).toBeNull()
    const shown = terminal.printed().slice(before)
    expect(shown).toContain(`set backend.url to "${planted}"`)
    expect(shown).toContain('No answer: refused.')
  })

  it('backend.setToken is refused when the terminal answers no, and the token is never printed', async () => {
    const asked = terminal.printed().split('[y/N]').length - 1
    const pending = api('backend.setToken', { token: 'attacker-token-123456' }, withSession())
    await terminal.question(asked + 1)
    terminal.type('n')
    expect(bodyOf(await pending)).toMatchObject({ ok: false, error: { code: 'not-confirmed' } })
    const status = bodyOf(await api('backend.status', undefined, withSession()))
    expect(status).toMatchObject({ ok: true, value: { tokenSet: false } })
    expect(terminal.printed()).not.toContain('attacker-token-123456')
  })

  it('a y typed before the question answers nothing', async () => {
    terminal.type('y')
    const res = await api('settings.set', { key: 'backend.url', value: planted }, withSession())
    expect(bodyOf(res)).toMatchObject({ ok: false, error: { code: 'not-confirmed' } })
    expect(app.core.settings.get('backend.url')).toBeNull()
  })

  it('media.ffmpegPath and model.path are refused without a yes, even naming real files', async () => {
    const ffmpegDir = ffmpegLookalike(privateDir())
    // A file that passes the model check (the ggml magic), so only the missing yes refuses it.
    const modelFile = join(ffmpegDir, 'ggml-planted.bin')
    writeFileSync(modelFile, Buffer.from([0x6c, 0x6d, 0x67, 0x67, 0, 0, 0, 0]))
    terminal.answerEvery('n')
    for (const [key, value] of [
      ['media.ffmpegPath', join(ffmpegDir, 'ffmpeg')],
      ['model.path', modelFile],
    ] as const) {
      const res = await api('settings.set', { key, value }, withSession())
      expect(bodyOf(res), key).toMatchObject({ ok: false, error: { code: 'not-confirmed' } })
      expect(app.core.settings.get(key)).toBeNull()
    }
    terminal.answerEvery(null)
    expect(terminal.printed()).toContain(`set model.path to "${modelFile}"`)
  })

  it('the same change goes through once the person at the terminal types y', async () => {
    const asked = terminal.printed().split('[y/N]').length - 1
    const pending = api('settings.set', { key: 'backend.url', value: planted }, withSession())
    await terminal.question(asked + 1)
    terminal.type('y')
    expect(bodyOf(await pending)).toMatchObject({ ok: true, value: { 'backend.url': planted } })
    expect(app.core.settings.get('backend.url')).toBe(planted)
    terminal.answerEvery('y')
    await api('settings.set', { key: 'backend.url', value: null }, withSession())
    terminal.answerEvery(null)
    expect(app.core.settings.get('backend.url')).toBeNull()
  })
})

describe('red team: a planted program never runs', () => {
  it('is refused at set time from /tmp or a world-writable folder, before anyone is asked', async () => {
    const inTmp = ffmpegLookalike(tmpFolder())
    const shared = join(privateDir(), 'shared')
    mkdirSync(shared)
    ffmpegLookalike(shared)
    chmodSync(shared, 0o777)
    for (const dir of [inTmp, shared]) {
      const path = join(dir, 'ffmpeg')
      // `earshot config set` (the store) refuses it too: the user at the terminal is protected as well.
      expect(() => app.core.settings.set('media.ffmpegPath', path)).toThrow(/will not run/)
      const asked = terminal.printed().split('[y/N]').length
      const res = await api('settings.set', { key: 'media.ffmpegPath', value: path }, withSession())
      expect(bodyOf(res)).toMatchObject({ ok: false, error: { code: 'unsafe-program' } })
      expect(terminal.printed().split('[y/N]').length).toBe(asked)
      expect(app.core.settings.get('media.ffmpegPath')).toBeNull()
      expect(existsSync(join(dir, 'ran'))).toBe(false)
    }
  })

  it('is refused at launch time when its folder became world-writable after it was set', async () => {
    const dir = ffmpegLookalike(privateDir())
    const ffmpeg = new NativeFfmpeg({
      ffmpeg: join(dir, 'ffmpeg'),
      ffprobe: join(dir, 'ffprobe'),
      source: 'setting',
    })
    // While its folder is the user's own, it runs (and is no ffprobe, so the probe fails).
    await expect(ffmpeg.probe(media.mp4)).rejects.not.toMatchObject({ code: 'unsafe-program' })
    expect(existsSync(join(dir, 'ran'))).toBe(true)
    rmSync(join(dir, 'ran'))
    chmodSync(dir, 0o777)
    await expect(ffmpeg.probe(media.mp4)).rejects.toMatchObject({ code: 'unsafe-program' })
    const decode = async () => {
      for await (const chunk of ffmpeg.decodeToPcm(media.mp4)) expect(chunk).toBeUndefined()
    }
    await expect(decode()).rejects.toMatchObject({ code: 'unsafe-program' })
    expect(existsSync(join(dir, 'ran'))).toBe(false)
  })

  it('is refused at launch time when it was swapped for a link into /tmp', async () => {
    const dir = ffmpegLookalike(privateDir())
    const ffmpeg = new NativeFfmpeg({
      ffmpeg: join(dir, 'ffmpeg'),
      ffprobe: join(dir, 'ffprobe'),
      source: 'setting',
    })
    const elsewhere = ffmpegLookalike(tmpFolder())
    rmSync(join(dir, 'ffprobe'))
    symlinkSync(join(elsewhere, 'ffprobe'), join(dir, 'ffprobe'))
    await expect(ffmpeg.probe(media.mp4)).rejects.toMatchObject({ code: 'unsafe-program' })
    expect(existsSync(join(elsewhere, 'ran'))).toBe(false)
  })

  it('is refused when an older build already stored a /tmp path: the core will not run it', async () => {
    const dir = ffmpegLookalike(tmpFolder())
    const dataDir = privateDir()
    const first = new Core({ dataDir, env: {} })
    // Written as an older version's row, past the store's check.
    first.db
      .prepare("INSERT INTO settings (key, value) VALUES ('media.ffmpegPath', ?)")
      .run(JSON.stringify(join(dir, 'ffmpeg')))
    await first.dispose()
    const core = new Core({ dataDir, env: {} })
    try {
      await expect(core.media.probe(media.mp4)).rejects.toMatchObject({ code: 'unsafe-program' })
    } finally {
      await core.dispose()
    }
    expect(existsSync(join(dir, 'ran'))).toBe(false)
  })
})

const privateDir = usePrivateTempDir('earshot-redteam-')
const inTmp: string[] = []
afterEach(() => {
  for (const dir of inTmp.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function tmpFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-planted-'))
  inTmp.push(dir)
  return dir
}

/** `ffmpeg` and `ffprobe` that would leave a `ran` file beside them if anything ran them. */
function ffmpegLookalike(dir: string): string {
  for (const name of ['ffmpeg', 'ffprobe']) {
    writeFileSync(join(dir, name), `#!/bin/sh\ntouch "${join(dir, 'ran')}"\n`)
    chmodSync(join(dir, name), 0o755)
  }
  return dir
}

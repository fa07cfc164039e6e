import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstRunFlag } from '../../src/core/api/firstRunFlag'
import { media } from '../support/mediaFixtures'
import { testTerminal, type TestTerminal } from '../support/testTerminal'
import { launchChromium } from './support/launchChromium'
import { cookiesVisibleToScripts, waitForMediaMetadata } from './support/pageProbes'
import type { PageWindow } from './support/pageTypes'
import { FIXTURE_TITLE, seedFixtureCall } from './support/seedFixtureCall'
import { startPortNeighbour, type PortNeighbour } from './support/startPortNeighbour'
import { startWebApp, type WebApp } from './support/startWebApp'

// Issue 9, end to end in Chromium: the browser uses web mode through the printed link, then visits
// another server on 127.0.0.1 (another port) that tries every way in. It must get nothing usable.

let browser: Browser
let app: WebApp
let terminal: TestTerminal
let neighbour: PortNeighbour
let page: Page
let recordingId = ''
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  browser = await launchChromium()
  cleanups.push(() => browser.close())
  terminal = testTerminal()
  cleanups.push(() => {
    terminal.confirmer.dispose()
    return Promise.resolve()
  })
  app = await startWebApp({ confirmer: terminal.confirmer })
  cleanups.push(() => app.stop())
  recordingId = seedFixtureCall(app.core, media.mp4)
  // The first-run questions are webApp.test's; here the user has answered them before.
  firstRunFlag.markDone(app.core.db, new Date())
  neighbour = await startPortNeighbour({ webOrigin: app.server.origin, recordingId })
  cleanups.push(() => neighbour.close())
  page = await browser.newPage()
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

describe('web mode in Chromium next to another local server (issue 9)', () => {
  it('opens with the printed link, keeps the token out of the address bar and sets no cookie', async () => {
    expect(app.server.url).toContain('#token=')
    await page.goto(app.server.url)
    await page.getByRole('link', { name: FIXTURE_TITLE }).click()
    await page.locator('.transcript .line').first().waitFor()
    // The player loads the recording (with ranges) through the media key, not a cookie.
    await waitForMediaMetadata(page)
    expect(page.url()).not.toContain(app.server.token)
    expect(await page.context().cookies()).toEqual([])
    await expect(cookiesVisibleToScripts(page)).resolves.toBe('')
    const src = await page.locator('video').getAttribute('src')
    expect(src).toContain(`?key=${app.server.mediaKey}`)
    expect(src).not.toContain(app.server.token)
  })

  it('the server on the other port gets no cookie, no token and no recording, and changes nothing', async () => {
    const answeredBefore = app.answered.length
    // The same tab, as a user following a link from the app to some other local page.
    await page.goto(neighbour.origin)
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: { title: string } }).document.title === 'reported',
      undefined,
      { timeout: 30_000 },
    )
    const report = neighbour.report()
    const during = app.answered.slice(answeredBefore)
    // Web mode's own page left its long-lived streams (events, the player) as the tab navigated.
    const own = during.filter((request) => request.headers['sec-fetch-site'] === 'same-origin')
    for (const request of own) expect(request.url).toMatch(/^\/api\/(events|media\/)/)
    const fromNeighbour = during.filter((request) => !own.includes(request))

    // What the neighbour's page found out: nothing.
    expect(report).toMatchObject({
      cookie: '',
      ownSessionStorage: null,
      corsList: 'threw: TypeError',
      // Even no-cors requests come back as network errors: the refusals carry
      // Cross-Origin-Resource-Policy: same-origin (Fetch §3.7), so not even an opaque body is left.
      noCorsList: 'threw: TypeError',
      setBackendUrl: 'threw: TypeError',
      setBackendToken: 'threw: TypeError',
      setFfmpegPath: 'threw: TypeError',
      sendUploads: 'threw: TypeError',
      corsMedia: 'threw: TypeError',
      noCorsMedia: 'threw: TypeError',
      corsSession: 'threw: TypeError',
      audio: 'error',
      video: 'error',
      events: 'error',
    })
    expect(report?.frame).not.toMatch(/^read: /)

    // What the neighbour's server received: no cookie, and no secret anywhere in any request.
    expect(neighbour.received.length).toBeGreaterThan(1)
    for (const request of neighbour.received) {
      expect(request.headers.cookie).toBeUndefined()
      const everything = JSON.stringify(request)
      expect(everything).not.toContain(app.server.token)
      expect(everything).not.toContain(app.server.mediaKey)
      expect(everything).not.toContain(FIXTURE_TITLE)
    }

    // What web mode answered the neighbour's page: refusals only, each request of them.
    expect(fromNeighbour.length).toBeGreaterThanOrEqual(12)
    for (const request of fromNeighbour) {
      expect(request.headers['sec-fetch-site'], request.url).toBe('same-site')
      expect(request.status, `${request.method} ${request.url}`).toBe(403)
    }

    // And nothing changed: no new destination, token or program; nobody was even asked.
    expect(app.core.settings.get('backend.url')).toBeNull()
    expect(app.core.settings.get('media.ffmpegPath')).toBeNull()
    const status = await fetch(`${app.server.origin}/api/backend.status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.server.token}`, 'content-type': 'application/json' },
      body: '',
    })
    expect(await status.json()).toMatchObject({ ok: true, value: { tokenSet: false } })
    expect(terminal.printed()).not.toContain('[y/N]')
    expect(app.loggedErrors).toEqual([])
  })

  it('back on web mode the session is still there, and a sensitive change waits for the terminal', async () => {
    await page.goto(`${app.server.origin}/`)
    await page.getByRole('link', { name: FIXTURE_TITLE }).waitFor()
    // The page's own bridge, as the Settings screen calls it, with the person at the terminal saying no.
    const pending = page.evaluate(() =>
      (globalThis as unknown as PageWindow).earshot['settings.set']({
        key: 'backend.url',
        value: 'http://127.0.0.1:9/elsewhere',
      }),
    )
    await terminal.question(1)
    expect(terminal.printed()).toContain('set backend.url to "http://127.0.0.1:9/elsewhere"')
    terminal.type('n')
    expect(await pending).toMatchObject({ ok: false, error: { code: 'not-confirmed' } })
    expect(app.core.settings.get('backend.url')).toBeNull()
  })
})

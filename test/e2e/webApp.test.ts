import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { media, realSpeech } from '../support/mediaFixtures'
import { loopAudio } from './support/loopAudio'
import { testOutputDir } from '../support/paths'
import { microModel } from '../integration/transcribe/support/fixtures'
import { launchChromium } from './support/launchChromium'
import {
  cookiesVisibleToScripts,
  currentTime,
  recordedJobEvents,
  recordJobEvents,
  seekTo,
  transcriptOf,
  waitForCurrentLineInView,
  waitForMediaMetadata,
} from './support/pageProbes'
import { startWebApp, type WebApp } from './support/startWebApp'

const screenshots = join(testOutputDir, 'screenshots')
const SRT_CUE = /^\d+\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\n.+/

let app: WebApp
/** Whatever beforeAll managed to start, stopped in reverse even when a later step failed. */
const cleanups: (() => Promise<void>)[] = []
let page: Page
let longCall = ''
/** The library shows a recording under its file name without the extension. */
const longTitle = 'weekly-call-33s'

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  // A six-second clip gives the micro model a line or two; half a minute gives a transcript to follow.
  longCall = loopAudio(realSpeech.jfkWav, 3, join(testOutputDir, 'e2e', `${longTitle}.wav`))
  const [modelPath, launched] = await Promise.all([microModel(), launchChromium()])
  cleanups.push(() => launched.close())
  app = await startWebApp({ modelPath })
  cleanups.push(() => app.stop())
  page = await launched.newPage({ viewport: { width: 1200, height: 800 } })
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

const shot = (name: string) =>
  page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true })

describe('the web UI against the real core (headless Chromium, loopback bridge)', () => {
  it('trades the token in the link for a cookie and drops it from the address bar', async () => {
    await page.goto(app.server.url)
    expect(page.url()).toBe(`${app.server.origin}/`)
    const cookies = await page.context().cookies()
    expect(cookies).toEqual([
      expect.objectContaining({ httpOnly: true, sameSite: 'Strict', value: app.server.token }),
    ])
    await expect(cookiesVisibleToScripts(page)).resolves.toBe('')
    await page.getByText('No recordings yet.').waitFor()
    await shot('library-empty')
  })

  it('imports through the file picker, shows live progress to done, and explains a bad file', async () => {
    await recordJobEvents(page)
    await page.getByTestId('file-input').setInputFiles([media.mp4, media.textAsMp4, longCall])

    const failed = page.getByTestId('pending-row').filter({ hasText: 'text.mp4' })
    await expect(failed.locator('.error-text').textContent({ timeout: 20_000 })).resolves.toMatch(
      /not an audio or video file/,
    )
    const done = page.locator('[data-testid="recording-row"][data-status="done"]')
    await done.filter({ hasText: 'speech' }).waitFor({ timeout: 40_000 })
    await done.filter({ hasText: 'weekly-call' }).waitFor({ timeout: 40_000 })
    await shot('library-imported')

    const events = await recordedJobEvents(page)
    const percents = events.flatMap((e) => (e.type === 'progress' ? [e.percent] : []))
    expect(percents.at(-1)).toBe(100)
    expect(events.some((e) => e.type === 'segment')).toBe(true)
    const finished = events.filter((e) => e.type === 'finished')
    expect(finished.map((e) => [e.status, e.error])).toEqual([
      ['done', null],
      ['done', null],
    ])
    // Nothing the page received names a file path.
    expect(JSON.stringify(events)).not.toContain(app.dataDir)
  })

  it('opens the recording: transcript lines, search highlight, click-to-seek, SRT export', async () => {
    await page.getByRole('link', { name: 'speech' }).click()
    const lines = page.locator('.transcript .line')
    await lines.first().waitFor()
    const count = await lines.count()
    expect(count).toBeGreaterThan(0)

    const video = page.locator('video')
    await waitForMediaMetadata(page)
    // Random weights write random words: search for one the transcript really holds.
    const word = ((await lines.first().locator('.line-text').textContent()) ?? '').match(
      /[\p{L}]{3,}/u,
    )?.[0]
    expect(word).toBeDefined()
    await page.getByLabel('Find in transcript').fill(word ?? '')
    await expect(page.locator('.transcript mark').first().textContent()).resolves.toMatch(
      new RegExp(`^${word ?? ''}`, 'iu'),
    )

    // Play position elsewhere first, then a click on a line must move it to that line's start.
    await seekTo(video, 4)
    const starts = (await transcriptOf(page, 'speech')).map((line) => line.startMs)
    await lines.first().click()
    const seconds = await currentTime(video)
    expect(seconds).toBeCloseTo((starts[0] ?? 0) / 1000, 1)
    expect(seconds).toBeLessThan(4)
    await expect(lines.first().getAttribute('aria-current')).resolves.toBe('true')
    await shot('recording')

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'SRT' }).click()
    const saved = await (await download).path()
    expect((await download).suggestedFilename()).toBe('speech.srt')
    const cues = readFileSync(saved, 'utf8').trimEnd().split('\n\n')
    expect(cues).toHaveLength(count)
    for (const cue of cues) expect(cue).toMatch(SRT_CUE)
  })

  it('follows playback through a longer transcript with an audio-only player', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click()
    await page.getByRole('link', { name: longTitle }).click()
    const lines = page.locator('.transcript .line')
    await lines.first().waitFor()
    await waitForMediaMetadata(page)
    await expect(page.locator('video.audio-only').count()).resolves.toBe(1)
    const starts = (await transcriptOf(page, longTitle)).map((line) => line.startMs)
    expect(starts.length).toBeGreaterThan(1)
    const last = starts.length - 1
    // Moving the playhead (as playback does) makes the line under it current.
    await seekTo(page.locator('video'), (starts[last] ?? 0) / 1000 + 0.05)
    await page.locator(`.transcript li[data-idx="${last}"] .line.current`).waitFor()
    // …and scrolls it into the transcript's view.
    await waitForCurrentLineInView(page)
    await shot('recording-audio')
  })

  it('finds the word from the library search box and links to the line', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click()
    const text = (await transcriptOf(page, longTitle)).map((line) => line.text).join(' ')
    const word = /[\p{L}]{4,}/u.exec(text)?.[0] ?? ''
    await page.getByLabel('Search transcripts').fill(word)
    const hit = page.locator('.search-results li').first()
    await hit.locator('mark').first().waitFor()
    await shot('library-search')
    await hit.locator('a').click()
    await page.locator('.transcript .line.focused').waitFor()
  })

  it('validates settings in the page and in the core, and saves good values', async () => {
    await page.getByRole('link', { name: 'Settings' }).click()
    const language = page.locator('form[data-key="transcribe.language"]')
    await language.getByRole('textbox').fill('English please')
    await language.getByRole('button', { name: 'Save' }).click()
    await expect(language.locator('.error-text').textContent()).resolves.toMatch(/language code/)
    await shot('settings-error')

    await language.getByRole('textbox').fill('en')
    await language.getByRole('button', { name: 'Save' }).click()
    await language.getByText('Saved.').waitFor()
    expect(app.core.settings.get('transcribe.language')).toBe('en')

    await page.emulateMedia({ colorScheme: 'dark' })
    await shot('settings-dark')
    await page.getByRole('link', { name: 'Library', exact: true }).click()
    await page.getByTestId('recording-row').first().waitFor()
    await shot('library-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    expect(app.loggedErrors).toEqual([])
  })
})

import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { verifyJsonl } from '../../src/core/audit/verifyJsonl'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { media, realSpeech } from '../support/mediaFixtures'
import { loopAudio } from './support/loopAudio'
import { testOutputDir } from '../support/paths'
import { testTerminal, type TestTerminal } from '../support/testTerminal'
import { microModel } from '../integration/transcribe/support/fixtures'
import { BACKEND_TOKEN, startBackend } from '../integration/sync/support/startBackend'
import { seriousAxeFindings } from './support/checkAccessibility'
import { FIXTURE_EMAIL, FIXTURE_TITLE, seedFixtureCall } from './support/seedFixtureCall'
import { launchChromium } from './support/launchChromium'
import {
  cookiesVisibleToScripts,
  currentTime,
  focusedRowIndex,
  recordedJobEvents,
  recordJobEvents,
  seekTo,
  transcriptOf,
  waitForCurrentLineInView,
  waitForMediaMetadata,
} from './support/pageProbes'
import { startWebApp, type WebApp } from './support/startWebApp'
import { GaussianStats } from '../../src/core/derive/speakers/GaussianStats'

/** 20 s of 13-coefficient frames around a mean of its own for speaker `k`. */
function voiceOf(k: number): GaussianStats {
  const stats = new GaussianStats(13)
  for (let f = 0; f < 2000; f++) {
    stats.addVector(
      Array.from({ length: 13 }, (_, d) => 5 * Math.sin(d + k * 2) + Math.cos(f * (d + 1))),
    )
  }
  return stats
}

const screenshots = join(testOutputDir, 'screenshots')
const SRT_CUE = /^\d+\n\d{2}:\d{2}:\d{2},\d{3} --> \d{2}:\d{2}:\d{2},\d{3}\n.+/

let app: WebApp
let terminal: TestTerminal
let backend: Awaited<ReturnType<typeof startBackend>>
/** Whatever beforeAll managed to start, stopped in reverse even when a later step failed. */
const cleanups: (() => Promise<void>)[] = []
let page: Page
let longCall = ''
/** The fixture call's id, once seeded (see seedFixtureCall). */
let fixtureId = ''
/** The library shows a recording under its file name without the extension. */
const longTitle = 'weekly-call-33s'

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true })
  // A six-second clip gives the micro model a line or two; half a minute gives a transcript to follow.
  longCall = loopAudio(realSpeech.jfkWav, 3, join(testOutputDir, 'e2e', `${longTitle}.wav`))
  const [modelPath, launched] = await Promise.all([microModel(), launchChromium()])
  cleanups.push(() => launched.close())
  // The person at the terminal running `earshot web` allows the changes the first run makes.
  terminal = testTerminal()
  terminal.answerEvery('y')
  cleanups.push(() => {
    terminal.confirmer.dispose()
    return Promise.resolve()
  })
  app = await startWebApp({ modelPath, confirmer: terminal.confirmer })
  cleanups.push(() => app.stop())
  backend = await startBackend(join(app.dataDir, 'reference-backend'))
  cleanups.push(() => backend.close())
  page = await launched.newPage({ viewport: { width: 1200, height: 800 } })
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

const shot = (name: string) =>
  page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true })

/** Screenshot for people, axe-core for the rules: each screen gets both. */
async function lookAt(name: string): Promise<void> {
  await shot(name)
  expect(await seriousAxeFindings(page), `${name}: serious or critical axe findings`).toEqual([])
}

describe('the web UI against the real core (headless Chromium, loopback bridge)', () => {
  it('takes the token from the link, sets no cookie, and drops it from the address bar', async () => {
    await page.goto(app.server.url)
    await page.waitForURL(`${app.server.origin}/`)
    // A cookie would reach every other server on 127.0.0.1 (issue 9; webSessionIsolation.test).
    expect(await page.context().cookies()).toEqual([])
    await expect(cookiesVisibleToScripts(page)).resolves.toBe('')
    await page.getByRole('heading', { name: 'Welcome to Earshot' }).waitFor()
  })

  it('asks the first-run questions once: analytics off, backend tested, then the library', async () => {
    await expect(
      page.getByRole('radio', { name: /Don’t send anything/ }).isChecked(),
    ).resolves.toBe(true)
    await page.getByText('Exactly what would be sent').click()
    await page.getByText('import_finished').waitFor()
    await page.getByLabel('Backend URL').fill(backend.url)
    await page.getByLabel('Access token').fill(BACKEND_TOKEN)
    await page.getByRole('button', { name: 'Test connection' }).click()
    await expect(
      page
        .getByTestId('backend-check')
        .getByText(/^Connected: /)
        .textContent(),
    ).resolves.toContain(backend.url)
    await lookAt('first-run')

    // Finished from the keyboard: Enter on the focused button.
    const finish = page.getByRole('button', { name: 'Start using Earshot' })
    await finish.focus()
    await page.keyboard.press('Enter')
    await page.getByText('No recordings yet.').waitFor()
    expect(app.core.settings.get('analytics.enabled')).toBe(false)
    expect(app.core.settings.get('backend.url')).toBe(backend.url)
    // Both went past the terminal first, the URL shown as it would be set.
    expect(terminal.printed()).toContain(`set backend.url to "${backend.url}"`)
    expect(terminal.printed()).toContain('set a new backend access token')
    expect(terminal.printed()).not.toContain(BACKEND_TOKEN)
    await page.reload()
    await page.getByText('No recordings yet.').waitFor()
    await lookAt('library-empty')
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
    // Rows tell themselves apart (format, length, date, counts) and carry the quality verdict.
    const speechRow = done.filter({ hasText: 'speech' })
    await expect
      .poll(() => speechRow.getByTestId('row-facts').textContent())
      .toMatch(/^MP4 · 0:0\d · \S.+$/)
    await expect
      .poll(() => speechRow.getByTestId('quality-badge').textContent())
      .toMatch(/^(Good audio|Check the transcript|Poor audio)$/)
    await lookAt('library-imported')

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

    // The call-quality report, measured on import, with each figure.
    const quality = page.getByTestId('quality')
    await expect(quality.textContent()).resolves.toMatch(/Signal to noise\s*-?\d+(\.\d)? dB/)
    await expect(quality.textContent()).resolves.toContain('Transcriber confidence')
    await expect(page.locator('.call-date').textContent()).resolves.toMatch(
      /^Call on .+Change date$/,
    )

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
    await lookAt('recording')

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
    // The player shrinks on its loadedmetadata event, a render after readyState says so.
    await page.locator('video.audio-only').waitFor()
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

  it('corrects a line’s text inline from the keyboard, and search finds the new words', async () => {
    const first = page.locator('.transcript li[data-idx="0"]')
    // Edit is keyboard reachable: Enter on it opens the editor with the focus in the text.
    await first.locator('.line-edit').focus()
    await page.keyboard.press('Enter')
    const editor = first.locator('textarea:focus')
    await editor.fill('  Quokka\nrehearsal notes ')
    await lookAt('recording-edit-line')
    await page.keyboard.press('Enter')
    await first.locator('.line:focus').waitFor()
    await expect(first.locator('.line-text').textContent()).resolves.toBe('Quokka rehearsal notes')
    // The hit opened whichever call says the word first: both hold the same speech.
    const id = decodeURIComponent(/#\/recording\/([^?]+)/.exec(page.url())?.[1] ?? '')
    await expect
      .poll(() => app.core.recordings.segments(id)[0]?.text)
      .toBe('Quokka rehearsal notes')

    // A double-click opens it too; Escape keeps the line as it was.
    await first.locator('.line').dblclick()
    await page.keyboard.type(' scrapped')
    await page.keyboard.press('Escape')
    await first.locator('.line:focus').waitFor()
    await expect(first.locator('.line-text').textContent()).resolves.toBe('Quokka rehearsal notes')

    // The core refuses a control character: the line goes back and says why.
    await first.locator('.line-edit').click()
    await first.locator('textarea').fill('bell \u0007 here')
    await page.keyboard.press('Enter')
    await expect(first.getByRole('alert').textContent()).resolves.toMatch(
      /^Your edit was not saved: .*control characters/,
    )
    await expect(first.locator('.line-text').textContent()).resolves.toBe('Quokka rehearsal notes')

    await page.getByRole('link', { name: 'Library', exact: true }).click()
    await page.getByLabel('Search transcripts').fill('quokka')
    const hit = page.locator('.search-results li').first()
    await expect(hit.locator('mark').textContent()).resolves.toBe('Quokka')
    await hit.locator('a').click()
    await page.locator('.line.focused', { hasText: 'Quokka rehearsal notes' }).waitFor()
  })

  it('shows a call’s speakers, metrics, signals and summary, and renames a speaker inline', async () => {
    fixtureId = seedFixtureCall(app.core, media.mp4)
    await page.getByRole('link', { name: 'Library', exact: true }).click()
    await page.getByRole('link', { name: FIXTURE_TITLE }).click()
    const panel = page.getByRole('complementary', { name: 'Call insights' })
    await panel.getByRole('heading', { name: 'Signals' }).waitFor()
    await waitForMediaMetadata(page)
    await expect(panel.getByTestId('talk-ratio').textContent()).resolves.toMatch(
      /Speaker 1.*55%.*Speaker 2.*45%/,
    )
    const groups = panel.getByTestId('signal-group').locator('h3')
    await expect(groups.allTextContents()).resolves.toEqual([
      'Pricing (1)',
      'Budget (1)',
      'Competitors (1)',
      'Feature requests (1)',
    ])

    // A signal jumps to its line: the player moves there and the line takes focus.
    await panel.getByRole('button', { name: /budget is approved/ }).click()
    await expect.poll(() => currentTime(page.locator('video'))).toBeCloseTo(4.5, 1)
    await page.locator('.transcript li[data-idx="3"] .line.current:focus').waitFor()
    await panel.getByRole('button', { name: /^0:01 We need single sign-on/ }).click()
    await page.locator('.transcript li[data-idx="1"] .line:focus').waitFor()

    // Rename from the keyboard: Enter saves, Escape cancels, focus comes back to the button.
    await panel.getByRole('button', { name: 'Rename Speaker 2' }).click()
    await page.keyboard.type('Customer')
    await page.keyboard.press('Enter')
    await panel.getByRole('button', { name: 'Rename Customer' }).waitFor()
    await expect(page.locator('.transcript li[data-idx="1"] .speaker').textContent()).resolves.toBe(
      'Customer',
    )
    expect(app.core.derived.speakerNames(fixtureId)).toEqual({ 'Speaker 2': 'Customer' })
    await panel.getByRole('button', { name: 'Rename Speaker 1' }).click()
    await page.keyboard.type('Nobody')
    await page.keyboard.press('Escape')
    await page.locator('button[aria-label="Rename Speaker 1"]:focus').waitFor()
    expect(app.core.derived.speakerNames(fixtureId)).toEqual({ 'Speaker 2': 'Customer' })
    await lookAt('recording-insights')
  })

  it('filters library search by tracker and by the speaker’s given name', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click()
    await page.getByLabel('Search transcripts').fill('sign')
    const hits = page.locator('.search-results li')
    await hits.first().waitFor()
    await page.getByLabel('Signal').selectOption('feature-request')
    await expect
      .poll(() => hits.allTextContents())
      .toEqual([expect.stringContaining('We need single sign-on')])
    await expect(page.getByTestId('search-count').textContent()).resolves.toBe(
      '1 line in 1 recording, best matches first.',
    )
    await page.getByLabel('Speaker').fill('customer')
    await page.getByLabel('Signal').selectOption('competitor')
    await expect.poll(() => hits.count()).toBe(1)
    await page.getByLabel('Speaker').fill('Speaker 1')
    await page.getByText(/No transcript mentions “sign” with these filters/).waitFor()
    await lookAt('library-search-filters')
    // One button ends the search: words and filters, back to the library's rows.
    await page.getByRole('button', { name: 'Clear search' }).click()
    await expect(page.getByLabel('Search transcripts').inputValue()).resolves.toBe('')
    await page.getByTestId('recording-row').first().waitFor()
    await page.getByLabel('Search transcripts').fill('sign')
    await expect(page.getByLabel('Signal').inputValue()).resolves.toBe('')
    await page.getByLabel('Search transcripts').fill('')
  })

  it('charts signals across calls on the Insights screen, with tables and an empty state', async () => {
    await page.getByRole('link', { name: 'Insights' }).click()
    const weekly = page.getByTestId('weekly-chart')
    await weekly.locator('.recharts-bar-rectangle').first().waitFor()
    // A bar segment per tracker with hits this week: the fixture's four, and any the imports had.
    await expect
      .poll(() => weekly.locator('.recharts-bar-rectangle').count())
      .toBeGreaterThanOrEqual(4)
    await expect(
      page
        .getByRole('figure', { name: 'Top requested features' })
        .locator('.top-list')
        .textContent(),
    ).resolves.toContain('single sign-on')
    await expect(
      page.getByRole('figure', { name: 'Top competitors' }).locator('.top-list').textContent(),
    ).resolves.toMatch(/Acme\s*1 mention in 1 call/)
    await page.getByText('Signals per week as a table').click()
    await expect(page.locator('.chart-table tbody tr').count()).resolves.toBe(1)
    await lookAt('insights')

    await page.getByLabel('From').fill('2999-01-01')
    await page.getByTestId('insights-empty').waitFor()
    await shot('insights-empty')
    await page.getByRole('button', { name: 'All time' }).click()
    await weekly.waitFor()
  })

  it('moves between library rows with the arrow keys', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click()
    await page.locator('[data-index="0"] .row-title').focus()
    await page.keyboard.press('ArrowDown')
    await expect(focusedRowIndex(page)).resolves.toBe('1')
    await page.keyboard.press('Home')
    await expect(focusedRowIndex(page)).resolves.toBe('0')
  })

  it('shows the exact JSON an upload sends, sends it, and shows the receipt', async () => {
    await page.getByRole('link', { name: 'Review & Upload' }).click()
    await page.getByRole('link', { name: /^speech/ }).click()
    const payload = page.getByTestId('payload')
    await payload.waitFor()
    const id = app.core.recordings.list().find((r) => r.title === 'speech')?.id ?? ''
    const dryRun = new TextDecoder().decode(app.core.sync.prepare(id).body)
    // Indented for reading, the same JSON; the exact-bytes view is the dry run byte for byte.
    expect(JSON.parse((await payload.textContent()) ?? '')).toEqual(JSON.parse(dryRun))
    await page.getByLabel('Show exact bytes').check()
    await expect(payload.textContent()).resolves.toBe(dryRun)
    await lookAt('review')

    await page.getByRole('button', { name: 'Send', exact: true }).click()
    const receipt = page.getByTestId('receipt')
    await receipt.waitFor({ timeout: 20_000 })
    await expect(
      page.getByTestId('upload-state').locator('[data-state]').getAttribute('data-state'),
    ).resolves.toBe('done')
    const sha = (await page.getByTestId('payload-sha256').textContent()) ?? ''
    await expect(receipt.textContent()).resolves.toContain(sha)
    expect(backend.postCount()).toBe(1)
    await page.locator('[data-testid="upload-item"][data-state="done"]').waitFor()
    await lookAt('review-uploaded')
  })

  it('marks redactions in the preview and lets each through or back, refreshing the exact bytes', async () => {
    await page.getByRole('link', { name: 'Review & Upload' }).click()
    await page.getByRole('link', { name: new RegExp(`^${FIXTURE_TITLE}`) }).click()
    const payload = page.getByTestId('payload')
    const mark = payload.locator('mark.redaction')
    await mark.first().waitFor()
    // In the segment, and again where the summary and signal quotes repeat its sentence.
    const markedTexts = async () => new Set(await mark.allTextContents())
    await expect(markedTexts()).resolves.toEqual(new Set(['[email]']))
    await page.getByLabel('Show exact bytes').check()
    const sentNow = () => new TextDecoder().decode(app.core.sync.prepare(fixtureId).body)
    await expect(payload.textContent()).resolves.toBe(sentNow())
    expect(sentNow()).not.toContain(FIXTURE_EMAIL)
    const sha = page.getByTestId('payload-sha256')
    const redactedSha = await sha.textContent()

    await page.getByRole('button', { name: `Send as is: ${FIXTURE_EMAIL}` }).click()
    await payload.locator('mark.redaction.reverted').first().waitFor()
    await expect(markedTexts()).resolves.toEqual(new Set([FIXTURE_EMAIL]))
    expect(sentNow()).toContain(FIXTURE_EMAIL)
    await expect(payload.textContent()).resolves.toBe(sentNow())
    await expect(sha.textContent()).resolves.not.toBe(redactedSha)
    await lookAt('review-redactions')

    await page.getByRole('button', { name: `Redact again: ${FIXTURE_EMAIL}` }).click()
    await payload.locator('mark.redaction:not(.reverted)').first().waitFor()
    await expect(payload.textContent()).resolves.toBe(sentNow())
    await expect(sha.textContent()).resolves.toBe(redactedSha)
    await page.getByLabel('Show exact bytes').uncheck()
  })

  it('lists the upload in the audit log with its exact bytes, a verified chain and an export', async () => {
    await page.getByRole('link', { name: 'Audit Log' }).click()
    await page.getByTestId('chain-status').locator('[data-ok="true"]').waitFor()
    const rows = page.getByTestId('audit-row')
    const notAttempts = page.locator('[data-testid="audit-row"]:not([data-kind="attempt"])')
    await page.getByLabel('Kind').selectOption('attempt')
    // The health check of the first run is under its own purpose, not among the uploads.
    await page.getByLabel('Purpose').selectOption('connection-test')
    await expect.poll(() => rows.filter({ hasText: 'GET' }).count()).toBe(1)
    await page.getByLabel('Purpose').selectOption('upload')
    // The upload: attempts only, once the filter applies.
    // count() never waits, so a row that re-renders mid-poll cannot stall the poll.
    await expect.poll(() => notAttempts.count()).toBe(0)
    await expect.poll(() => rows.count()).toBe(1)
    await rows.filter({ hasText: 'POST' }).getByRole('button').click()
    const id = app.core.recordings.list().find((r) => r.title === 'speech')?.id ?? ''
    const sent = new TextDecoder().decode(app.core.sync.prepare(id).body)
    const shown = page.getByTestId('audit-payload')
    // The entry links back to the recording it was about.
    await expect(page.getByTestId('audit-entry-recording').getAttribute('href')).resolves.toContain(
      id,
    )
    await page.getByTestId('audit-entry').getByLabel('Show exact bytes').check()
    await expect(shown.textContent()).resolves.toBe(sent)
    await lookAt('audit-log')

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export (JSON Lines)' }).click()
    const saved = await (await download).path()
    expect((await download).suggestedFilename()).toMatch(/^earshot-audit-.+\.jsonl$/)
    expect(verifyJsonl({ path: saved })).toMatchObject({ ok: true, entries: 4 })
  })

  it('validates settings in the page and in the core, and saves good values', async () => {
    await page.getByRole('link', { name: 'Settings' }).click()
    const language = page.locator('form[data-key="transcribe.language"]')
    await language.getByRole('textbox').fill('English please')
    await language.getByRole('button', { name: 'Save' }).click()
    // A sentence with the setting's label, never schema text.
    await expect(language.locator('.error-text').textContent()).resolves.toBe(
      'Spoken language must be "auto" or a language code such as "en".',
    )
    await shot('settings-error')
    // The page's schema lets a well-formed code through; the core knows whisper's languages.
    await language.getByRole('textbox').fill('xx')
    await language.getByRole('button', { name: 'Save' }).click()
    // The previous error stays until the core answers: wait for the answer, not the first read.
    await expect
      .poll(() => language.locator('.error-text').textContent())
      .toBe('Whisper does not know the language “xx”; use “auto” or a code such as “en” or “de”.')
    const threads = page.locator('form[data-key="transcribe.threads"]')
    await threads.getByRole('textbox').fill('0')
    await threads.getByRole('button', { name: 'Save' }).click()
    await expect
      .poll(() => threads.locator('.error-text').textContent())
      .toBe('Threads per transcription must be at least 1.')

    await language.getByRole('textbox').fill('en')
    await language.getByRole('button', { name: 'Save' }).click()
    await language.getByText('Saved.').waitFor()
    expect(app.core.settings.get('transcribe.language')).toBe('en')
    await lookAt('settings')

    await page.emulateMedia({ colorScheme: 'dark' })
    await lookAt('settings-dark')
    await page.getByRole('link', { name: 'Library', exact: true }).click()
    await page.getByTestId('recording-row').first().waitFor()
    await lookAt('library-dark')
    await page.getByRole('link', { name: 'Audit Log' }).click()
    await page.getByTestId('chain-status').locator('[data-ok="true"]').waitFor()
    await lookAt('audit-log-dark')
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('marks "This is me", moves a line and merges two speakers from the keyboard; Settings forgets the voice', async () => {
    // The fixture call of the insights test, its customer named as that test names them.
    if (fixtureId === '') fixtureId = seedFixtureCall(app.core, media.mp4)
    app.core.derived.renameSpeaker(fixtureId, 'Speaker 2', 'Customer')
    // The fixture has lines, not audio features: its speakers' voices are seeded as a finished
    // job leaves them (pooled MFCC statistics, 20 s of speech each).
    app.core.voices.saveSpeakerVoices(
      fixtureId,
      ['Speaker 1', 'Speaker 2'].map((label, k) => ({ label, stats: voiceOf(k) })),
    )
    await page.goto(`${app.server.origin}/#/recording/${fixtureId}`)
    const panel = page.getByRole('complementary', { name: 'Call insights' })
    await panel.getByRole('heading', { name: 'Speakers' }).waitFor()

    await panel.getByRole('button', { name: 'This is me: Speaker 1' }).press('Enter')
    await panel.getByRole('button', { name: 'Rename You' }).waitFor()
    expect(app.core.voiceProfile.profile()).toMatchObject({
      sourceRecordingId: fixtureId,
      sourceLabel: 'Speaker 1',
      speechSeconds: 20,
    })
    // You vs them: Speaker 1's pricing question is the user's, the customer's three are theirs.
    await expect(panel.getByTestId('parties').textContent()).resolves.toMatch(/You55%21Them45%03/)
    await expect(
      panel.getByRole('button', { name: /pricing · You/ }).textContent(),
    ).resolves.toContain('(you)')

    // Move line 2 (the user's) to the customer with the keyboard, in the line's own speaker menu.
    const speakerOfLine = page.getByLabel('Speaker of the line at 0:03')
    await speakerOfLine.focus()
    await speakerOfLine.selectOption({ label: 'Customer' })
    await expect
      .poll(() => app.core.recordings.segments(fixtureId).map((l) => l.speaker))
      .toEqual(['Speaker 1', 'Speaker 2', 'Speaker 2', 'Speaker 2'])
    // The core stores the move before the page shows it: wait for the page.
    await expect
      .poll(() => page.locator('.transcript li[data-idx="2"] .speaker').textContent())
      .toBe('Customer')

    // Merge asks first; Escape backs out and gives focus back to the Merge button.
    await panel.getByRole('button', { name: 'Merge Customer…' }).press('Enter')
    await panel.getByText('Every line of Customer becomes You. Merge them?').waitFor()
    await page.keyboard.press('Escape')
    await page.locator('button[aria-label="Merge Customer…"]:focus').waitFor()
    expect(app.core.recordings.segments(fixtureId).map((l) => l.speaker)).toContain('Speaker 2')
    await page.keyboard.press('Enter')
    await page
      .locator('.speaker-merge-confirm button:focus', { hasText: 'Merge into You' })
      .waitFor()
    await lookAt('recording-merge-confirm')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => new Set(app.core.recordings.segments(fixtureId).map((l) => l.speaker)))
      .toEqual(new Set(['Speaker 1']))
    await expect
      .poll(() => page.locator('.transcript .speaker').allTextContents())
      .toEqual(['You', 'You', 'You', 'You'])

    await page.getByRole('link', { name: 'Settings' }).click()
    const voice = page.getByTestId('voice-profile')
    await voice.getByText(/Speaker 1 of a recording marked .*, 20 s of speech/).waitFor()
    await lookAt('settings-voice-profile')
    await voice.getByRole('button', { name: 'Forget my voice' }).click()
    await voice.getByText(/Your voice profile is deleted/).waitFor()
    expect(app.core.voiceProfile.profile()).toBeNull()
  })

  it('edits custom trackers in a form, saying in a sentence what is wrong', async () => {
    await page.getByRole('link', { name: 'Settings' }).click()
    const trackers = page.locator('form[data-key="signals.custom"]')
    await trackers.getByRole('button', { name: 'Add tracker' }).click()
    const tracker = trackers.getByTestId('custom-tracker')
    await tracker.getByLabel('Name').fill('Data residency')
    // The id follows the name until written by hand.
    await expect(tracker.getByLabel('Id').inputValue()).resolves.toBe('data-residency')
    await tracker.getByLabel('Kind').selectOption('security-compliance')
    await tracker.getByLabel('Phrases (one per line)').fill('EU hosting\ndata residency\n')
    await tracker.getByLabel('Id').fill('Data Residency')
    await trackers.getByRole('button', { name: 'Save trackers' }).click()
    await expect(trackers.locator('.error-text').textContent()).resolves.toBe(
      '“id” of item 1 of Custom trackers must be lowercase letters, digits and dashes (at most 80).',
    )
    await tracker.getByLabel('Id').fill('data-residency')
    await trackers.getByRole('button', { name: 'Save trackers' }).click()
    await trackers.getByText('Saved.').waitFor()
    expect(app.core.settings.get('signals.custom')).toEqual([
      {
        id: 'data-residency',
        label: 'Data residency',
        kind: 'security-compliance',
        phrases: ['EU hosting', 'data residency'],
        negatable: true,
      },
    ])
    await lookAt('settings-trackers')
    await trackers.getByRole('button', { name: 'Remove tracker 1' }).click()
    await trackers.getByRole('button', { name: 'Save trackers' }).click()
    await expect.poll(() => app.core.settings.get('signals.custom')).toEqual([])
  })

  it('deletes all data only after the phrase is typed', async () => {
    await page.getByRole('link', { name: 'Settings' }).click()
    const button = page.getByRole('button', { name: 'Delete all data' })
    await expect(button.isDisabled()).resolves.toBe(true)
    await page.getByLabel(/to confirm/).fill('delete everything')
    await button.click()
    await page.getByText(/^Deleted 3 recordings/).waitFor()
    expect(app.core.recordings.list()).toEqual([])
    expect(app.core.audit.verify()).toMatchObject({ ok: true })
    expect(app.loggedErrors).toEqual([])
  })
})

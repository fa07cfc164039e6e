import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ModelCatalog } from '../../src/core/transcribe/model/modelCatalog'
import type { JobEvent } from '../../src/shared/api'
import { microModel } from '../integration/transcribe/support/fixtures'
import { media, realSpeech } from '../support/mediaFixtures'
import { testOutputDir } from '../support/paths'
import { loopAudio } from './support/loopAudio'
import { recordedJobEvents, recordJobEvents } from './support/pageProbes'
import { startModelServer, type ModelServer } from '../integration/model-download/startModelServer'
import { testTerminal } from '../support/testTerminal'
import { seriousAxeFindings } from './support/checkAccessibility'
import { launchChromium } from './support/launchChromium'
import { startWebApp, type WebApp } from './support/startWebApp'

/** About 3 s for the 8 MB micro model: long enough to read the bar, cancel, and resume. */
const PACE = 2_500_000

let app: WebApp
let server: ModelServer
let page: Page
let model: Buffer
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  const [modelPath, browser] = await Promise.all([microModel(), launchChromium()])
  cleanups.push(() => browser.close())
  // A real (generated) ggml model served over loopback, so the downloaded file can transcribe.
  model = readFileSync(modelPath)
  server = await startModelServer({ '/ggml-micro.bin': model, '/ggml-corrupt.bin': model })
  cleanups.push(() => server.close())
  const sha256 = createHash('sha256').update(model).digest('hex')
  const catalog: ModelCatalog = {
    micro: { url: `${server.origin}/ggml-micro.bin`, bytes: model.length, checksum: { sha256 } },
    // The same bytes catalogued under another digest: what a tampered mirror would serve.
    corrupt: {
      url: `${server.origin}/ggml-corrupt.bin`,
      bytes: model.length,
      checksum: { sha256: createHash('sha256').update('something else').digest('hex') },
    },
  }
  const terminal = testTerminal()
  cleanups.push(() => {
    terminal.confirmer.dispose()
    return Promise.resolve()
  })
  app = await startWebApp({ modelCatalog: catalog, confirmer: terminal.confirmer })
  cleanups.push(() => app.stop())
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
})

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** The percent the recommended model's bar shows now. */
async function percentShown(): Promise<number> {
  const text = await page.locator('.recommended-model .download-figures').textContent()
  return Number(/^(\d+)%/.exec(text ?? '')?.[1] ?? NaN)
}

describe('a model in one click (web mode in Chromium, loopback model server)', () => {
  it('shows progress, cancels, resumes with a Range request, verifies and sets the model; refuses a wrong digest', async () => {
    server.plan = { bytesPerSecond: PACE }
    await page.goto(app.server.url)
    const recommended = page.locator('.recommended-model')
    await recommended.getByText('Recommended: micro').waitFor()
    expect(app.core.settings.get('model.path')).toBeNull()

    // Progress: percent, speed and time left, changing while it runs.
    await recommended.getByRole('button', { name: 'Download micro' }).click()
    const figures = recommended.locator('.download-figures')
    await figures.getByText(/ left$/).waitFor({ timeout: 10_000 })
    const first = await percentShown()
    await expect(figures.textContent()).resolves.toMatch(
      /^\d+% · [\d.]+ MB of [\d.]+ MB · [\d.]+ [kM]B\/s · about \d+ (s|min) left$/,
    )
    await expect.poll(percentShown, { timeout: 10_000, interval: 100 }).toBeGreaterThan(first)
    const bar = recommended.getByRole('progressbar', { name: 'Downloading micro' })
    expect(Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0)
    expect(await seriousAxeFindings(page)).toEqual([])

    // Cancel: the partial stays and the button offers to resume it.
    await recommended.getByRole('button', { name: 'Cancel' }).click()
    await recommended.getByText(/^Cancelled; what was fetched is kept/).waitFor()
    const resume = recommended.getByRole('button', { name: /^Resume micro \([\d.]+ MB of / })
    await resume.waitFor()
    const status = app.core.modelDownloads.status('micro')
    expect(status?.state).toBe('cancelled')
    const kept = await app.core.modelDownloads.partialBytes('micro')
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(model.length)
    expect(app.core.settings.get('model.path')).toBeNull()

    // Resume: one Range request from where the partial ends, then verified and set as the model.
    await resume.click()
    await recommended
      .getByText('Downloaded, SHA-256 verified, and set as the model.')
      .waitFor({ timeout: 20_000 })
    expect(server.requests.at(-1)).toEqual({ path: '/ggml-micro.bin', range: `bytes=${kept}-` })
    const path = join(app.dataDir, 'models', 'ggml-micro.bin')
    expect(app.core.settings.get('model.path')).toBe(path)
    expect(readFileSync(path).equals(model)).toBe(true)
    expect(app.core.modelDownloads.status('micro')).toMatchObject({
      state: 'done',
      resumedFrom: kept,
    })
    await expect(page.getByLabel('Model file').inputValue()).resolves.toBe(path)

    // Every request went through the gate onto the audit log, the resume's Range on its entry.
    const attempts = app.core.audit.list({ purpose: 'model-download', kind: 'attempt' })
    expect(attempts.map((entry) => entry.destination)).toEqual([
      `${server.origin}/ggml-micro.bin`,
      `${server.origin}/ggml-micro.bin`,
    ])
    expect(Buffer.from(attempts[1]?.payload ?? []).toString()).toContain(`"range":"bytes=${kept}-"`)

    // A file that does not match its pinned digest is refused, deleted, and not used.
    server.plan = {}
    await page.getByText('All models').click()
    await page.getByRole('button', { name: 'Download corrupt' }).click()
    await expect(
      page.getByRole('alert').filter({ hasText: 'corrupt' }).textContent({ timeout: 20_000 }),
    ).resolves.toMatch(/^The downloaded corrupt model is corrupt \(sha256 [0-9a-f]{64}, expected/)
    expect(await app.core.modelDownloads.partialBytes('corrupt')).toBe(0)
    expect(app.core.settings.get('model.path')).toBe(path)
    expect(app.loggedErrors).toEqual([])
  })

  it('imports with the downloaded model: percent, time left and the queue on each row, then time taken and speed', async () => {
    // Under a minute of speech, two whisper windows: time left counts down in seconds from the
    // start (whisper reports percent only per window), then percent jumps at each window.
    const title = 'long-call-55s'
    const long = loopAudio(realSpeech.jfkWav, 5, join(testOutputDir, 'e2e', `${title}.wav`))
    await page.getByRole('button', { name: 'Start using Earshot' }).click()
    await page.getByText('No recordings yet.').waitFor()
    await recordJobEvents(page)
    await page.getByTestId('file-input').setInputFiles([long, media.mp4])

    const rows = page.getByTestId('recording-row')
    const longText = rows.filter({ hasText: title }).getByTestId('row-progress-text')
    // The second file waits behind the first and says so.
    await rows
      .filter({ hasText: 'speech' })
      .getByTestId('row-progress-text')
      .getByText('next in the queue')
      .waitFor({ timeout: 20_000 })
    await longText.getByText(/^\d+% · about \d+ (s|min) left$/).waitFor({ timeout: 30_000 })
    const first = await longText.textContent()
    await expect
      .poll(() => longText.textContent(), { timeout: 30_000, interval: 100 })
      .not.toBe(first)

    const done = rows.filter({ hasText: title }).and(page.locator('[data-status="done"]'))
    await done.waitFor({ timeout: 120_000 })
    await expect(done.getByTestId('row-progress-text').textContent()).resolves.toMatch(
      /^took \d+:\d{2} · [\d.]+× realtime$/,
    )
    // Every progress event of the long file carried an estimate that moved as it ran.
    const longId = app.core.recordings.list().find((r) => r.title === title)?.id
    const estimates = (await recordedJobEvents(page))
      .filter((e): e is Extract<JobEvent, { type: 'progress' }> => e.type === 'progress')
      .filter((e) => e.recordingId === longId)
      .map((e) => e.secondsLeft)
    expect(new Set(estimates.filter((left) => typeof left === 'number')).size).toBeGreaterThan(1)
    expect(app.loggedErrors).toEqual([])
  }, 240_000)
})

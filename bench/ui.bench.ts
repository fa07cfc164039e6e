// UI responsiveness at scale, as ratios measured in one run (issue 5, "Benchmark"):
//   time to first meaningful render of the Library (first row on screen) and the Recording screen
//   (first transcript line), and frames dropped while scrolling each, for a library of 10,000
//   recordings with a 3-hour transcript vs 100 recordings with a short one. Same browser, same
//   build, runs interleaved so machine load hits both alike.
// Run: npm run bench:ui   → prints a table and writes bench/results/ui.json
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { Core } from '../src/core/app'
import { firstRunFlag } from '../src/core/api/firstRunFlag'
import type { RecordingStore } from '../src/core/store/RecordingStore'
import { startWebServer, type WebServer } from '../src/web/startWebServer'
import { ensureRendererBuilt } from '../test/e2e/support/ensureRendererBuilt'
import { launchChromium } from '../test/e2e/support/launchChromium'
import { repoRoot } from '../test/support/paths'
import { seededRandom } from '../test/unit/audit/support/seededRandom'

const ROUNDS = 3
const SCROLL_FRAMES = 240
const SCROLL_PX_PER_FRAME = 120
const THREE_HOURS_MS = 3 * 60 * 60 * 1000
const SHORT_MS = 5 * 60 * 1000

// The node tsconfig has no DOM lib: the few page globals the in-page callbacks touch, types only.
interface PageElement {
  scrollTop: number
}
interface PageGlobals {
  document: { querySelector: (selector: string) => PageElement | null }
  performance: { now: () => number }
  requestAnimationFrame: (callback: (now: number) => void) => number
}

interface Library {
  name: 'large' | 'small'
  recordings: number
  transcriptMs: number
  core: Core
  server: WebServer
  longId: string
  lines: number
}

const work = mkdtempSync(join(tmpdir(), 'earshot-ui-bench-'))
const words = `the a we our your price pricing contract renewal budget team quarter integration
  security onboarding support customer timeline demo trial discount competitor feature request
  report dashboard export import meeting call follow up next week approval legal procurement
  seats license annual monthly churn roadmap api latency migration training rollout`.split(/\s+/)

/** Speech-like lines of 2–7 s with made-up words, deterministic per seed. */
function addTranscript(store: RecordingStore, id: string, totalMs: number, seed: number): number {
  const random = seededRandom(seed)
  let at = 0
  let lines = 0
  while (at < totalMs) {
    const length = random.int(2000, 7000)
    const text = Array.from({ length: random.int(6, 20) }, () => random.pick(words))
    store.appendSegment(id, {
      startMs: at,
      endMs: at + length,
      text: ` ${text.join(' ')}.`,
      speaker: lines % 3 === 0 ? 'Speaker 2' : 'Speaker 1',
      confidence: 0.9,
    })
    at += length
    lines++
  }
  return lines
}

/** A data folder filled straight through the store: `count` finished recordings, one long. */
async function makeLibrary(
  name: Library['name'],
  count: number,
  transcriptMs: number,
): Promise<Library> {
  const dataDir = join(work, name)
  mkdirSync(dataDir)
  const core = new Core({ dataDir, env: { ...process.env, EARSHOT_BACKEND_TOKEN: '' } })
  const store = core.recordings
  let longId = ''
  let lines = 0
  core.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID()
      store.insert({
        id,
        title: `Customer call ${String(i + 1).padStart(5, '0')}`,
        sourcePath: join(dataDir, `call-${i}.m4a`),
        sourceSha256: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        bytes: 1_000_000,
        container: 'mov,mp4,m4a,3gp,3g2,mj2',
        durationMs: i === 0 ? transcriptMs : 30 * 60 * 1000,
        channels: 1,
        importedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        status: i % 50 === 7 ? 'failed' : 'done',
      })
      if (i % 50 === 7) {
        store.setStatus(id, 'failed', {
          code: 'not-media',
          message: 'This file is not an audio or video file Earshot can read.',
        })
      }
      if (i === 0) {
        longId = id
        lines = addTranscript(store, id, transcriptMs, 42)
      }
    }
    firstRunFlag.markDone(core.db, new Date())
  })()
  const server = await startWebServer({ core, rendererDir: ensureRendererBuilt() })
  return { name, recordings: count, transcriptMs, core, server, longId, lines }
}

/**
 * A fresh load of `hash`; milliseconds from navigation start until `selector` is in the page,
 * read in the page on animation frames (so within a frame of when it was painted).
 */
async function timeToRender(page: Page, lib: Library, hash: string, selector: string) {
  await page.goto('about:blank')
  await page.goto(`${lib.server.origin}/${hash}`)
  const handle = await page.waitForFunction(
    (wanted) => {
      const { document, performance } = globalThis as unknown as PageGlobals
      return document.querySelector(wanted) ? performance.now() : false
    },
    selector,
    { polling: 'raf', timeout: 120_000 },
  )
  return (await handle.jsonValue()) as number
}

/**
 * Scrolls `selector` by a fixed step every animation frame and counts the frames that did not
 * come: a gap of k frame periods between two callbacks is k − 1 dropped frames. The period is the
 * median gap of an idle second measured first on the same page.
 */
async function droppedWhileScrolling(page: Page, selector: string) {
  // tsx (esbuild keepNames) wraps named inner functions in `__name(…)`, a helper that exists in
  // Node only; the callback below runs in the page, so the page gets a stand-in.
  await page.evaluate('globalThis.__name = (fn) => fn')
  return page.evaluate(
    async ({ selector, frames, step }) => {
      const { document, requestAnimationFrame } = globalThis as unknown as PageGlobals
      const element = document.querySelector(selector)
      if (!element) throw new Error(`nothing matches ${selector}`)
      const gaps = async (count: number, onFrame: () => void): Promise<number[]> => {
        const result: number[] = []
        let last = -1
        await new Promise<void>((done) => {
          const tick = (now: number) => {
            if (last >= 0) result.push(now - last)
            last = now
            if (result.length >= count) {
              done()
              return
            }
            onFrame()
            requestAnimationFrame(tick)
          }
          requestAnimationFrame(tick)
        })
        return result
      }
      const idle = (await gaps(60, () => undefined)).sort((a, b) => a - b)
      const period = idle[Math.floor(idle.length / 2)] ?? 1000 / 60
      const start = element.scrollTop
      const scrolling = await gaps(frames, () => {
        element.scrollTop += step
      })
      const dropped = scrolling.reduce(
        (sum, gap) => sum + Math.max(0, Math.round(gap / period) - 1),
        0,
      )
      return {
        periodMs: period,
        frames: scrolling.length,
        dropped,
        worstGapMs: Math.max(...scrolling),
        scrolledPx: element.scrollTop - start,
      }
    },
    { selector, frames: SCROLL_FRAMES, step: SCROLL_PX_PER_FRAME },
  )
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function main(): Promise<void> {
  const setupStarted = performance.now()
  const large = await makeLibrary('large', 10_000, THREE_HOURS_MS)
  const small = await makeLibrary('small', 100, SHORT_MS)
  const setupSeconds = (performance.now() - setupStarted) / 1000
  const browser = await launchChromium()
  const samples: Record<string, number[]> = {}
  const push = (key: string, value: number) => (samples[key] ??= []).push(value)
  let scrolled: Record<string, unknown> = {}
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    // Trade each server's token for its cookie once; both stay in the context.
    for (const lib of [large, small]) await page.goto(lib.server.url)
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, and the order flipped each round, so drift hits both sizes alike.
      const order = round % 2 === 0 ? [large, small] : [small, large]
      for (const lib of order) {
        push(
          `${lib.name}.library.renderMs`,
          await timeToRender(page, lib, '#/', '[data-testid="recording-row"]'),
        )
        const libraryScroll = await droppedWhileScrolling(page, '[data-testid="recordings-scroll"]')
        push(`${lib.name}.library.dropped`, libraryScroll.dropped)
        push(
          `${lib.name}.recording.renderMs`,
          await timeToRender(page, lib, `#/recording/${lib.longId}`, '.transcript .line'),
        )
        const transcriptScroll = await droppedWhileScrolling(page, '.transcript')
        push(`${lib.name}.recording.dropped`, transcriptScroll.dropped)
        scrolled = {
          ...scrolled,
          [`${lib.name}.library`]: libraryScroll,
          [`${lib.name}.recording`]: transcriptScroll,
        }
      }
    }
  } finally {
    await browser.close()
    for (const lib of [large, small]) {
      await lib.server.close()
      await lib.core.dispose()
    }
    rmSync(work, { recursive: true, force: true })
  }

  const figure = (key: string) => median(samples[key] ?? [])
  const screens = ['library', 'recording'] as const
  const results = Object.fromEntries(
    screens.map((screen) => {
      const renderLarge = figure(`large.${screen}.renderMs`)
      const renderSmall = figure(`small.${screen}.renderMs`)
      const droppedLarge = figure(`large.${screen}.dropped`)
      const droppedSmall = figure(`small.${screen}.dropped`)
      return [
        screen,
        {
          firstRenderMs: {
            large: renderLarge,
            small: renderSmall,
            ratio: renderLarge / renderSmall,
          },
          droppedFrames: {
            large: droppedLarge,
            small: droppedSmall,
            ofFrames: SCROLL_FRAMES,
            largePercent: (100 * droppedLarge) / SCROLL_FRAMES,
          },
        },
      ]
    }),
  )

  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model ?? '',
      node: process.version,
      loadavg: loadavg(),
    },
    input: {
      large: {
        recordings: large.recordings,
        transcriptMinutes: large.transcriptMs / 60_000,
        lines: large.lines,
      },
      small: {
        recordings: small.recordings,
        transcriptMinutes: small.transcriptMs / 60_000,
        lines: small.lines,
      },
      rounds: ROUNDS,
      scroll: { frames: SCROLL_FRAMES, pxPerFrame: SCROLL_PX_PER_FRAME },
      setupSeconds,
    },
    results,
    lastScroll: scrolled,
    samples,
  }
  console.log(
    [
      `UI bench (${ROUNDS} rounds, medians; scroll ${SCROLL_FRAMES} frames at ${SCROLL_PX_PER_FRAME} px/frame)`,
      `                          large (10,000 / ${large.lines} lines)   small (100 / ${small.lines} lines)   ratio`,
      ...screens.flatMap((screen) => {
        const r = results[screen] as (typeof results)[string]
        return [
          `${screen.padEnd(10)} first render  ${r.firstRenderMs.large.toFixed(0).padStart(8)} ms          ${r.firstRenderMs.small.toFixed(0).padStart(8)} ms        ${r.firstRenderMs.ratio.toFixed(2)}`,
          `${screen.padEnd(10)} dropped frames ${String(r.droppedFrames.large).padStart(7)}             ${String(r.droppedFrames.small).padStart(8)}`,
        ]
      }),
    ].join('\n'),
  )
  const out = join(repoRoot, 'bench', 'results', 'ui.json')
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
  console.log(`written to ${out}`)
}

await main()

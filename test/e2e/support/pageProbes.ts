import type { Locator, Page } from 'playwright-core'
import type { JobEvent } from '../../../src/shared/api'
import type { PageMedia, PageWindow } from './pageTypes'

// Small typed reads of the page's state. The callbacks run in the browser: they may use only
// globals (`globalThis`), never this module's bindings — the casts are types only.

/** Calls the page's own `window.earshot`, as the UI does, for one recording's lines. */
export function transcriptOf(
  page: Page,
  title: string,
): Promise<{ startMs: number; text: string }[]> {
  return page.evaluate(async (wanted) => {
    const { earshot } = globalThis as unknown as PageWindow
    const list = await earshot['recordings.list']()
    const id = list.ok ? (list.value.find((r) => r.title === wanted)?.id ?? '') : ''
    const segments = await earshot['recordings.segments']({ id })
    return segments.ok ? segments.value.map((s) => ({ startMs: s.startMs, text: s.text })) : []
  }, title)
}

export function cookiesVisibleToScripts(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageWindow).document.cookie)
}

export function recordJobEvents(page: Page): Promise<void> {
  return page.evaluate(() => {
    const win = globalThis as unknown as PageWindow
    const seen: JobEvent[] = []
    win.seenEvents = seen
    win.earshot.onJobEvent((event) => {
      seen.push(event)
    })
  })
}

export function recordedJobEvents(page: Page): Promise<JobEvent[]> {
  return page.evaluate(() => (globalThis as unknown as PageWindow).seenEvents ?? [])
}

export async function waitForMediaMetadata(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const video = (globalThis as unknown as PageWindow).document.querySelector('video')
    return (video?.readyState ?? 0) >= 1
  })
}

export function seekTo(media: Locator, seconds: number): Promise<void> {
  return media.evaluate(async (element: PageMedia, to: number) => {
    const seeked = new Promise<void>((done) => {
      element.addEventListener('seeked', done, { once: true })
    })
    element.currentTime = to
    await seeked
  }, seconds)
}

export function currentTime(media: Locator): Promise<number> {
  return media.evaluate((element: PageMedia) => element.currentTime)
}

/** Waits until the current transcript line is scrolled inside the transcript's box. */
export async function waitForCurrentLineInView(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as PageWindow
    const list = document.querySelector('.transcript')?.getBoundingClientRect()
    const line = document.querySelector('.line.current')?.getBoundingClientRect()
    return (
      list !== undefined &&
      line !== undefined &&
      line.top >= list.top &&
      line.bottom <= list.bottom + 1
    )
  })
}

/** The list position of the library row that holds the keyboard focus, or null. */
export function focusedRowIndex(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageWindow
    return document.activeElement?.closest('li')?.getAttribute('data-index') ?? null
  })
}

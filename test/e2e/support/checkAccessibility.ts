import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

export interface AxeFinding {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

interface AxeResults {
  violations: {
    id: string
    impact?: string | null
    help: string
    nodes: { target: unknown[] }[]
  }[]
}

interface PageWithAxe {
  axe?: {
    run: (context: unknown, options: { resultTypes: string[] }) => Promise<AxeResults>
  }
  document: unknown
}

/**
 * axe-core's WCAG checks on the page as it is now; returns the serious and critical findings.
 * The source is evaluated through the DevTools protocol rather than added as a <script> tag: the
 * app's CSP (`script-src 'self'`) rightly refuses inline scripts, and the test must not weaken it.
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => (globalThis as unknown as PageWithAxe).axe !== undefined)
  if (!loaded) await page.evaluate(axeSource)
  const results = await page.evaluate(async () => {
    const win = globalThis as unknown as PageWithAxe
    if (!win.axe) throw new Error('axe-core did not load')
    return win.axe.run(win.document, { resultTypes: ['violations'] })
  })
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }))
}

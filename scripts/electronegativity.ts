// Electronegativity (Doyensec's Electron security scanner) over src/: main, preload, renderer and
// everything they import. Fails on any high or medium finding not justified in
// test/security/electronegativity-allowlist.json. Run by `npm test` and `npm run scan:electron`.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { installTripwire } from '../src/core/egress/tripwire'
import { Allowlist, judgeFindings, type Finding } from './judgeElectronegativity'

// The scanner fetches translations and Electron's release list from the internet; neither is
// needed to scan, and nothing of ours runs with the network open.
installTripwire({ allowLoopback: true })

const root = new URL('..', import.meta.url)
const require = createRequire(import.meta.url)
type Runner = (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ issues: Finding[]; errors: { file: string; message: string; tolerable: boolean }[] }>
const run = require('@doyensec/electronegativity/dist/runner.js') as Runner
const electronVersion = (require('electron/package.json') as { version: string }).version
const allowlist = Allowlist.parse(
  JSON.parse(readFileSync(new URL('test/security/electronegativity-allowlist.json', root), 'utf8')),
)

const started = performance.now()
// The runner logs one line when the (refused) translation download fails; it says nothing of use.
const log = console.log
console.log = (...args: unknown[]) => {
  if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args)
}
const result = await run(
  {
    input: fileURLToPath(new URL('src', root)),
    isRelative: true,
    // Needs the network (GitHub's release list); the Electron version is pinned in package.json.
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    electronVersionOverride: electronVersion,
    customScan: [],
  },
  false,
).finally(() => {
  console.log = log
})
const seconds = ((performance.now() - started) / 1000).toFixed(1)

const unparsed = result.errors.filter((e) => !e.tolerable)
const { unjustified, stale } = judgeFindings(result.issues, allowlist)
for (const f of unjustified) {
  console.error(
    `${f.severity.name} ${f.id} in src/${f.file}:${f.location.line}:${f.location.column} — fix it, or justify it in test/security/electronegativity-allowlist.json.`,
  )
}
for (const entry of stale) {
  console.error(
    `Allowlisted ${entry.check} in src/${entry.file} no longer occurs; remove the entry.`,
  )
}
// A file the scanner could not parse is a file it did not check.
for (const e of unparsed)
  console.error(`Electronegativity could not parse src/${e.file}: ${e.message}`)
const low = result.issues.length - unjustified.length - (allowlist.length - stale.length)
console.log(
  `Electronegativity ${electronVersion ? `(Electron ${electronVersion}) ` : ''}scanned src/ in ${seconds} s: ` +
    `${unjustified.length} unjustified high/medium, ${allowlist.length - stale.length} justified, ${Math.max(0, low)} low.`,
)
process.exitCode = unjustified.length + stale.length + unparsed.length > 0 ? 1 : 0

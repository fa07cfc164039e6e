// `npm test`: lint, typecheck, then vitest. The last line printed is `N passed, N failed` (CI reads it).
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ensureTestPostgres } from './ensureTestPostgres.mjs'

const steps = [
  ['format', ['prettier', '--check', '--log-level', 'warn', '.']],
  ['lint', ['eslint', '--max-warnings', '0', '.']],
  ['typecheck (node)', ['tsc', '--noEmit', '-p', 'tsconfig.node.json']],
  ['typecheck (web)', ['tsc', '--noEmit', '-p', 'tsconfig.web.json']],
  ['build', ['electron-vite', 'build']],
  // No high or medium finding without a reason in test/security/electronegativity-allowlist.json.
  ['electronegativity', ['tsx', 'scripts/electronegativity.ts']],
]
// Local binaries directly: npx adds npm's own warnings to the output CI reads.
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url))

let staticFailures = 0
for (const [name, [cmd, ...args]] of steps) {
  process.stdout.write(`\n== ${name}\n`)
  const { status } = spawnSync(bin(cmd), args, { stdio: 'inherit' })
  if (status !== 0) {
    process.stdout.write(`!! ${name} failed\n`)
    staticFailures++
  }
}

process.stdout.write('\n== vitest\n')
// The team-server tests run on a real PostgreSQL; without one they fail and say why.
const postgresUrl = ensureTestPostgres()
if (postgresUrl) process.env.EARSHOT_TEST_POSTGRES_URL = postgresUrl
// vitest's output is streamed as it comes, so a hang shows where it hangs; only its own count line
// is held back, to be replaced by the total that includes the static checks above.
const countLine = /^(\d+) passed, (\d+) failed$/
const vitest = spawn(
  bin('vitest'),
  [
    'run',
    '--reporter=default',
    '--reporter=./test/support/count-reporter.ts',
    ...process.argv.slice(2),
  ],
  { stdio: ['inherit', 'pipe', 'inherit'] },
)
let pending = ''
let counted = null
vitest.stdout.setEncoding('utf8')
vitest.stdout.on('data', (chunk) => {
  const parts = (pending + chunk).split('\n')
  pending = parts.pop() ?? ''
  for (const line of parts) {
    const match = countLine.exec(line)
    if (match) counted = match
    else process.stdout.write(line + '\n')
  }
})
const status = await new Promise((resolve) => vitest.on('close', (code) => resolve(code)))
if (pending) {
  const match = countLine.exec(pending)
  if (match) counted = match
  else process.stdout.write(pending + '\n')
}
const passed = counted ? Number(counted[1]) : 0
// A lint/typecheck/build failure is a failed check too, so the counted line stays honest.
const failed = (counted ? Number(counted[2]) : 1) + staticFailures
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exit(status === 0 && failed === 0 && passed > 0 ? 0 : 1)

// First: closes every way out but the egress gate before any other module is evaluated (ES
// modules evaluate their imports in order, DESIGN.md §5).
import './tripwireFirst'
import { runCli } from './run'

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
})

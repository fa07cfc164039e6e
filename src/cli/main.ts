import { installTripwire } from '../core/egress/tripwire'
import { runCli } from './run'

// Every way out but the egress gate is closed before any command runs (DESIGN.md §5).
installTripwire({ allowLoopback: true })

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
})

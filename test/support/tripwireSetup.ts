import { installTripwire } from '../../src/core/egress/tripwire'

// Every test worker runs with the network closed (DESIGN.md §5): only loopback, and the egress
// gate's own sockets. A test that reaches the internet by accident fails with EgressError
// 'tripwire' instead of leaking or depending on the network. Loopback is open here for the test
// servers; the shipped entries keep it closed (src/cli/tripwireFirst.ts), and the red-team tests in
// test/redteam/tripwireNetnsAttacks.test.ts run in processes installed exactly as the CLI is.
installTripwire({
  allowLoopback: true,
  // Tests start espeak-ng, Chromium and scorers; the red-team tests install as the CLI does.
  childProcesses: 'any',
})

import { installTripwire } from '../../src/core/egress/tripwire'

// Every test worker runs with the network closed (DESIGN.md §5): only loopback, and the egress
// gate's own sockets. A test that reaches the internet by accident fails with EgressError
// 'tripwire' instead of leaking or depending on the network.
installTripwire({ allowLoopback: true })

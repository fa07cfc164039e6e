import { installTripwire } from '../core/egress/tripwire'

// Electron main's first module: imported before anything else in index.ts, so the tripwire is
// installed before any other module of ours is evaluated (issue 9). Loopback is closed: the gate's
// own connections are the only way out. No worker thread may start (the ffmpeg.wasm decoder is a
// utility process). `_linkedBinding` stays: Electron's modules are built on it.
installTripwire({ allowLoopback: false, linkedBindings: 'keep' })

import { installTripwire } from './tripwire'

// The first module of every process and thread that holds media: the whisper worker process and
// the ffmpeg.wasm worker thread (through workerTripwire.mjs). They need no network at all: no
// loopback, no listeners, no workers of their own (DESIGN.md §5, issue 9). Electron's utility
// process and worker threads run Electron's own code on `_linkedBinding`, so it stays there.
installTripwire({
  allowLoopback: false,
  linkedBindings: 'electron' in process.versions ? 'keep' : 'refuse',
})

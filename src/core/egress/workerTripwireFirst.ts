import { installTripwire } from './tripwire'

// The first module of every process of ours that holds media: the whisper worker and the
// ffmpeg.wasm decoder. They need no network at all: no loopback, no listeners, no workers of
// their own (DESIGN.md §5, issue 9). Electron's utility processes run Electron's own code on
// `_linkedBinding`, so it stays there.
installTripwire({
  allowLoopback: false,
  linkedBindings: 'electron' in process.versions ? 'keep' : 'refuse',
})

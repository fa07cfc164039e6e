import { installTripwire } from '../core/egress/tripwire'
import { workerTripwirePreload } from '../core/egress/workerTripwirePreload'
import { wasmFfmpegWorkerUrl } from '../core/media/wasmFfmpegWorkerUrl'

// Electron main's first module: imported before anything else in index.ts, so the tripwire is
// installed before any other module of ours is evaluated (issue 9). Loopback is closed: the gate's
// own connections are the only way out. `_linkedBinding` stays: Electron's modules are built on it.
installTripwire({
  allowLoopback: false,
  workerScripts: [wasmFfmpegWorkerUrl],
  workerPreload: workerTripwirePreload,
  linkedBindings: 'keep',
})

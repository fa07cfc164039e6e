import { installTripwire } from '../core/egress/tripwire'

// The CLI's first module (bin/earshot.js and main.ts import it before anything else), so every way
// out but the egress gate is closed before any other module is even evaluated (issue 9: with the
// install after the imports, connections got out for 1.4–2.2 s). Loopback is closed too: web
// mode's and the reference backend's listeners are let through by allowLoopbackListener, the
// gate's own connections by its pass, nothing else (DESIGN.md §5). No worker thread may start:
// the ffmpeg.wasm decoder is a process of its own, behind the OS wall (src/core/media/wasmDecoder.ts).
installTripwire({ allowLoopback: false })

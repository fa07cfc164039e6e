import { installSeccompWall } from './seccompWall'

// The very first module of the processes that hold media (the whisper worker, the ffmpeg.wasm
// decoder), in both transports (a Node child, an Electron utility process): the kernel's wall goes
// up before any other module is evaluated and before any PCM or media byte is read. A worker that
// could not put it up still runs (the namespace wall may hold it), but never as if walled: it says
// so here on stderr, and in its ready message or outcome, which Settings shows.
//
// Only in a process that has a host to talk to (a Node IPC channel or Electron's parentPort), as
// both workers do: a filter cannot be taken off, so were this module ever bundled into the app's
// own process by mistake, it must not wall the process that holds the egress gate.
const hasHost =
  typeof process.send === 'function' ||
  (process as unknown as { parentPort?: unknown }).parentPort !== undefined
if (hasHost) {
  const report = installSeccompWall()
  if (report.state === 'failed') {
    process.stderr.write(`earshot: seccomp network wall not installed: ${report.detail}\n`)
  }
} else {
  process.stderr.write('earshot: seccomp network wall not installed: this process has no host.\n')
}

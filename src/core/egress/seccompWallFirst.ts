import { installSeccompWall } from './seccompWall'

// The very first module of the processes that hold media (the whisper worker, the ffmpeg.wasm
// decoder), in both transports (a Node child, an Electron utility process): the kernel's wall goes
// up before any other module is evaluated and before any PCM or media byte is read. A worker that
// could not put it up still runs (the namespace wall may hold it), but never as if walled: it says
// so here on stderr, and in its ready message or outcome, which Settings shows.
const report = installSeccompWall()
if (report.state === 'failed') {
  process.stderr.write(`earshot: seccomp network wall not installed: ${report.detail}\n`)
}

// @ts-check
// Runs one ffmpeg.wasm task (probe or decode) in a worker thread: the emscripten `exec()` is
// synchronous and would otherwise freeze the caller's event loop for the whole decode.
// Plain JS on purpose: a worker thread does not get the TypeScript loader of vitest or tsx.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { TextDecoder } from 'node:util'
import { parentPort, workerData } from 'node:worker_threads'

/**
 * @typedef {{
 *   task: 'probe' | 'decode', file: string, inputName: string, args: string[],
 *   coreUrl: string, wasmPath: string, control: SharedArrayBuffer, maxInFlight: number
 * }} Task
 */
const task = /** @type {Task} */ (workerData)
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)

// The core is an emscripten build for web workers: it reads `self.location.href` for its own URL
// (MEASURED.md). It never fetches anything because the .wasm bytes are handed over as `wasmBinary`.
Object.assign(globalThis, { self: { location: { href: task.coreUrl } } })

// WORKERFS reads its "blobs" through FileReaderSync. Our blob is a window onto a file descriptor,
// so ffmpeg reads the file lazily in small pieces: the input never has to fit in the wasm heap.
class FileReaderSync {
  /** @param {{ fd: number, start: number, size: number }} slice */
  readAsArrayBuffer(slice) {
    const bytes = new Uint8Array(slice.size)
    let got = 0
    while (got < slice.size) {
      const n = readSync(slice.fd, bytes, got, slice.size - got, slice.start + got)
      if (n === 0) break
      got += n
    }
    return bytes.buffer.slice(0, got)
  }
}
Object.assign(globalThis, { FileReaderSync })

const { default: createCore } = await import(task.coreUrl)
const core = await createCore({ wasmBinary: readFileSync(task.wasmPath) })
/** @type {string[]} */
const stderr = []
core.setLogger((/** @type {{ type: string, message: string }} */ line) => {
  if (line.type === 'stderr') stderr.push(line.message)
})

const FS = core.FS
const fd = openSync(task.file, 'r')
const size = fstatSync(fd).size
const blob = {
  size,
  /** @param {number} start @param {number} [end] */
  slice(start, end) {
    const stop = Math.min(end ?? size, size)
    return { fd, start, size: Math.max(0, stop - start) }
  },
}
FS.mkdir('/input')
FS.mount(FS.filesystems.WORKERFS, { blobs: [{ name: task.inputName, data: blob }] }, '/input')

if (task.task === 'probe') {
  core.ffprobe(...task.args, '-o', '/probe.json')
  let json = ''
  try {
    json = new TextDecoder().decode(FS.readFile('/probe.json'))
  } catch {
    // No output file: ffprobe failed before writing; stderr says why.
  }
  port.postMessage({ type: 'probe', json, stderr: stderr.join('\n') })
} else {
  // PCM leaves through a character device, not a MEMFS file, so the output never piles up in
  // memory either. `inFlight` counts chunks posted but not yet taken by the consumer: past
  // `maxInFlight` this thread sleeps (Atomics.wait), which is the pipe backpressure of the
  // native path rebuilt for a worker.
  const inFlight = new Int32Array(task.control)
  const device = FS.makedev(64, 0)
  FS.registerDevice(device, {
    open() {},
    close() {},
    /** @param {unknown} _stream @param {Uint8Array} buffer @param {number} offset @param {number} length */
    write(_stream, buffer, offset, length) {
      for (;;) {
        const now = Atomics.load(inFlight, 0)
        if (now < task.maxInFlight) break
        Atomics.wait(inFlight, 0, now)
      }
      Atomics.add(inFlight, 0, 1)
      const bytes = buffer.slice(offset, offset + length)
      port.postMessage({ type: 'chunk', bytes }, [bytes.buffer])
      return length
    },
  })
  FS.mkdev('/pcm', 0o666, device)
  const exitCode = core.exec(...task.args)
  port.postMessage({ type: 'done', exitCode, stderr: stderr.join('\n') })
}
closeSync(fd)

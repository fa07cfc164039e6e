/**
 * Entry of the ffmpeg.wasm decoder process: runs one probe or decode (its arguments, built by the
 * engine: wasmDecoderTask.ts) and ends. A process, not a worker thread of the app, so the OS
 * network wall can hold it as it holds native ffmpeg (issue 9: a thread shares its process's
 * network namespace and sandbox profile). PCM leaves on stdout; the outcome on the IPC channel.
 */
// First: this process reads the user's media and needs no network at all (issue 9). The kernel's
// wall before anything else, then the in-process tripwire.
import '../egress/seccompWallFirst'
import '../egress/workerTripwireFirst'
import { seccompWallReport } from '../egress/seccompWall'
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { decodeArgs, probeArgs } from './ffmpegArgs'
import type { WasmDecoderOutcome } from './wasmDecoderMessages'
import { parseWasmDecoderArgs, wasmInputName, type WasmDecoderTask } from './wasmDecoderTask'

/** The emscripten module of @ffmpeg/core, as far as this file uses it. */
interface FfmpegCore {
  FS: {
    mkdir(path: string): void
    mount(type: unknown, options: object, path: string): void
    filesystems: { WORKERFS: unknown }
    readFile(path: string): Uint8Array
    makedev(major: number, minor: number): number
    registerDevice(device: number, ops: object): void
    mkdev(path: string, mode: number, device: number): void
  }
  setLogger(logger: (line: { type: string; message: string }) => void): void
  exec(...args: string[]): number
  ffprobe(...args: string[]): number
}

/** Electron's utilityProcess exposes parentPort instead of process.send (no 'electron' import). */
const parentPort = (process as unknown as { parentPort?: { postMessage(message: unknown): void } })
  .parentPort

// stdout carries PCM and nothing else: ffmpeg.wasm and emscripten print through console.log.
console.log = console.info = console.debug = console.error

// WORKERFS reads its "blobs" through FileReaderSync. Our blob is a window onto a file descriptor,
// so ffmpeg reads the file lazily in small pieces: the input never has to fit in the 2 GiB heap.
class FileReaderSync {
  readAsArrayBuffer(slice: { fd: number; start: number; size: number }): ArrayBuffer {
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

const nap = new Int32Array(new SharedArrayBuffer(4))

/**
 * A blocking write to the stdout pipe: while the host is not reading, ffmpeg waits here, which is
 * the backpressure native ffmpeg gets from its pipe. libuv hands a child its stdio blocking; the
 * EAGAIN loop covers a descriptor someone made non-blocking.
 */
function writePcm(bytes: Uint8Array): void {
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset, bytes.length - offset)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
      Atomics.wait(nap, 0, 0, 2)
    }
  }
}

function report(outcome: WasmDecoderOutcome): void {
  if (parentPort) parentPort.postMessage(outcome)
  // Disconnecting once the message is out lets the process end by itself.
  else
    process.send?.(outcome, () => {
      process.disconnect()
    })
}

async function run(task: WasmDecoderTask): Promise<void> {
  const coreDir = join(dirname(createRequire(import.meta.url).resolve('@ffmpeg/core')), '..', 'esm')
  const coreUrl = pathToFileURL(join(coreDir, 'ffmpeg-core.js')).href
  // The core is an emscripten build for web workers: its glue reads `self.location.href` for its
  // own URL. It never fetches anything: the .wasm bytes are handed over as wasmBinary.
  Object.assign(globalThis, { self: { location: { href: coreUrl } }, FileReaderSync })
  const { default: createCore } = (await import(coreUrl)) as {
    default: (options: object) => Promise<FfmpegCore>
  }
  const core = await createCore({ wasmBinary: readFileSync(join(coreDir, 'ffmpeg-core.wasm')) })
  const stderr: string[] = []
  core.setLogger((line) => {
    if (line.type === 'stderr') stderr.push(line.message)
  })
  const FS = core.FS
  const inputName = wasmInputName(task.input)
  const fd = openSync(task.input, 'r')
  const size = fstatSync(fd).size
  const blob = {
    size,
    slice(start: number, end?: number) {
      const stop = Math.min(end ?? size, size)
      return { fd, start, size: Math.max(0, stop - start) }
    },
  }
  FS.mkdir('/input')
  FS.mount(FS.filesystems.WORKERFS, { blobs: [{ name: inputName, data: blob }] }, '/input')
  if (task.task === 'probe') {
    core.ffprobe(...probeArgs(`/input/${inputName}`), '-o', '/probe.json')
    let json = ''
    try {
      json = new TextDecoder().decode(FS.readFile('/probe.json'))
    } catch {
      // No output file: ffprobe failed before writing; stderr says why.
    }
    closeSync(fd)
    report({ type: 'probe', json, stderr: stderr.join('\n'), seccomp: seccompWallReport() })
    return
  }
  // PCM leaves through a character device, not a MEMFS file, so it never piles up in the heap.
  const device = FS.makedev(64, 0)
  FS.registerDevice(device, {
    open() {},
    close() {},
    write(_stream: unknown, buffer: Uint8Array, offset: number, length: number): number {
      writePcm(buffer.subarray(offset, offset + length))
      return length
    },
  })
  FS.mkdev('/pcm', 0o666, device)
  const exitCode = core.exec(...decodeArgs(`/input/${inputName}`, task.layout, '/pcm'))
  closeSync(fd)
  report({ type: 'done', exitCode, stderr: stderr.join('\n'), seccomp: seccompWallReport() })
}

// The host died (crash, kill -9): its IPC channel closes. Nobody is reading; stop.
process.on('disconnect', () => {
  process.exit(0)
})

run(parseWasmDecoderArgs(process.argv.slice(2))).catch((error: unknown) => {
  // No outcome: the host reports the crash with this line as its detail.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(70)
})

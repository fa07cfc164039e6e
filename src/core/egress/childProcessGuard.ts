import childProcess, {
  type ChildProcess,
  type ChildProcessByStdio,
  type SpawnOptions,
} from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { basename, isAbsolute } from 'node:path'
import type { Readable } from 'node:stream'
import { decodeArgs, ffmpegInput, probeArgs } from '../media/ffmpegArgs'
import { mediaEnv } from '../media/mediaEnv'
import type { FfmpegBinaries } from '../media/resolveFfmpeg'
import type { PcmLayout } from '../media/types'
import { wasmDecoderEntry } from '../media/wasmDecoderEntry'
import { WasmDecoderTask, wasmDecoderArgs } from '../media/wasmDecoderTask'
import { whisperWorkerEntry } from '../transcribe/whisperWorkerEntry'
import { WHISPER_WORKER_EXEC_ARGV, whisperWorkerEnv } from '../transcribe/whisperWorkerTuning'
import { lockProperty } from './lockProperty'
import { osNetworkWall } from './osNetworkWall'
import { tripwirePolicy } from './tripwirePolicy'

// Node's own functions, taken when this module is evaluated (the tripwire is the first module of
// every entry, so nothing has replaced them yet). Only `launchEngineProcess` calls them.
const pristineSpawn = childProcess.spawn

/**
 * The only programs Earshot starts (issue 9: "child processes only from an allowlist, with
 * arguments the engine built"): ffmpeg, ffprobe, and two Node processes running our own scripts,
 * the whisper worker and the ffmpeg.wasm decoder (a process, not a thread, so the wall holds it). The caller names what it wants; this module picks the program and
 * builds every argument, so nothing a caller passes becomes a flag or a program of its choosing.
 */
export type EngineLaunch =
  | { kind: 'ffprobe'; binaries: FfmpegBinaries; input: string }
  | { kind: 'ffmpeg'; binaries: FfmpegBinaries; input: string; layout: PcmLayout }
  | { kind: 'whisper-worker' }
  | { kind: 'wasm-decoder'; task: WasmDecoderTask }

type Pipes = ChildProcessByStdio<null, Readable, Readable>

/**
 * The one launch the guarded native `spawn` lets through next: set by `launchEngineProcess` for
 * the length of one synchronous call into Node, consumed by the first spawn that reaches the
 * handle. A module-private variable, not a global: nothing outside this file can set it, and a
 * spawn that does not match it exactly (program and every argument) is refused.
 */
let expected: { file: string; args: readonly string[] } | null = null
let guarded = false

export function launchEngineProcess(
  launch: Extract<EngineLaunch, { kind: 'ffprobe' | 'ffmpeg' | 'wasm-decoder' }>,
): Pipes
export function launchEngineProcess(launch: { kind: 'whisper-worker' }): ChildProcess
/**
 * Starts one of the engine's own processes behind the OS network wall (osNetworkWall: a private
 * network namespace on Linux, a Seatbelt profile on macOS), with no shell and an argument array
 * built here. Throws `EgressError('tripwire')` for a program that is not what its kind says.
 */
export function launchEngineProcess(launch: EngineLaunch): ChildProcess {
  const { program, args, options } = planLaunch(launch)
  const wall = osNetworkWall()
  const [file = program, ...prefix] = wall.prefix
  const fullArgs = wall.prefix.length === 0 ? args : [...prefix, program, ...args]
  expected = { file, args: fullArgs }
  try {
    return pristineSpawn(file, fullArgs, options)
  } finally {
    expected = null
  }
}

function planLaunch(launch: EngineLaunch): {
  program: string
  args: string[]
  options: SpawnOptions
} {
  if (launch.kind === 'whisper-worker') {
    const entry = whisperWorkerEntry()
    return {
      program: process.execPath,
      args: [...WHISPER_WORKER_EXEC_ARGV, ...entry.execArgv, entry.path],
      options: {
        env: whisperWorkerEnv(process.env),
        // 'advanced' = structured clone, so Float32Array windows arrive as Float32Array, not JSON.
        serialization: 'advanced',
        // The IPC descriptor is inherited through the wall's wrapper, which execs in place.
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        windowsHide: true,
      },
    }
  }
  if (launch.kind === 'wasm-decoder') {
    const task = WasmDecoderTask.safeParse(launch.task)
    if (!task.success) throw tripwirePolicy.trip('process', 'wasm-decoder with an unexpected task')
    const entry = wasmDecoderEntry()
    return {
      program: process.execPath,
      // No flags of the caller's: the engine's entry (tsx from sources) and the task, nothing else.
      args: [...entry.execArgv, entry.path, ...wasmDecoderArgs(task.data)],
      options: {
        env: mediaEnv(process.env),
        // stdout carries the PCM; the IPC descriptor passes through the wall's wrapper.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        windowsHide: true,
      },
    }
  }
  const program = launch.kind === 'ffmpeg' ? launch.binaries.ffmpeg : launch.binaries.ffprobe
  checkProgram(program, launch.kind)
  // Behind the wall, a missing program would only show as the wrapper's exit status; say ENOENT
  // or EACCES here, as spawn itself would.
  accessSync(program, constants.X_OK)
  if (!isAbsolute(launch.input)) {
    throw tripwirePolicy.trip('process', `${launch.kind} with a relative input`)
  }
  const input = ffmpegInput(launch.input)
  return {
    program,
    args: launch.kind === 'ffmpeg' ? decodeArgs(input, launch.layout, 'pipe:1') : probeArgs(input),
    options: { env: mediaEnv(process.env), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true },
  }
}

/** ffmpeg and ffprobe are found by resolveFfmpeg; here they must at least be what they claim. */
function checkProgram(program: string, kind: 'ffmpeg' | 'ffprobe'): void {
  const name = basename(program).toLowerCase()
  if (!isAbsolute(program) || (name !== kind && name !== `${kind}.exe`)) {
    throw tripwirePolicy.trip('process', `${kind} as ${JSON.stringify(program)}`)
  }
}

/**
 * Closes `child_process` to everything but `launchEngineProcess` (issue 9, road 8: `spawn('curl')`
 * had the network). Two layers:
 *
 * - every public function (`spawn`, `spawnSync`, `exec`, `execSync`, `execFile`, `execFileSync`,
 *   `fork`) is replaced for good (lockProperty, and the ES module bindings re-synced) by one that
 *   refuses, whatever its arguments, `shell: true` included. The engine never calls them.
 * - the native `Process.prototype.spawn` under every asynchronous start (`ChildProcess.prototype
 *   .spawn`, `cluster.fork`, a `require('child_process').spawn` taken before install, a
 *   hand-made `new ChildProcess()` and its `_handle`) refuses anything but the one launch
 *   `launchEngineProcess` is making at that moment. Synchronous starts have no such funnel in
 *   public reach: their binding (`spawn_sync`) is refused by `process.binding` (guardNativeHandles).
 *
 * Idempotent. Test workers install the tripwire without it (test/support/tripwireSetup.ts), since
 * tests start espeak-ng, Chromium and scorers; the red-team tests install it as the CLI does.
 */
export function installChildProcessGuard(): void {
  if (guarded) return
  guarded = true
  for (const name of [
    'spawn',
    'spawnSync',
    'exec',
    'execSync',
    'execFile',
    'execFileSync',
    'fork',
  ] as const) {
    lockProperty(childProcess, name, function refusedChildProcess(command: unknown): never {
      throw tripwirePolicy.trip('process', `child_process.${name} ${shownCommand(command)}`)
    })
  }
  syncBuiltinESMExports()
  guardNativeSpawn()
}

function guardNativeSpawn(): void {
  const probe = new childProcess.ChildProcess() as unknown as {
    _handle: { spawn: NativeSpawn; close: () => void }
  }
  const handlePrototype = Object.getPrototypeOf(probe._handle) as { spawn: NativeSpawn }
  probe._handle.close()
  const original = handlePrototype.spawn
  lockProperty(
    handlePrototype,
    'spawn',
    function guardedNativeSpawn(
      this: unknown,
      options: { file?: unknown; args?: unknown },
    ): number {
      const launch = expected
      expected = null
      // Read once: the checked values are the ones handed on.
      const file = options.file
      const args = Array.isArray(options.args) ? [...(options.args as unknown[])] : []
      if (launch === null || file !== launch.file || !sameArgs(args.slice(1), launch.args)) {
        throw tripwirePolicy.trip('process', shownCommand(file))
      }
      return original.call(this, { ...options, file, args })
    },
  )
}

type NativeSpawn = (this: unknown, options: object) => number

function sameArgs(given: unknown[], wanted: readonly string[]): boolean {
  return given.length === wanted.length && given.every((arg, i) => arg === wanted[i])
}

/** The program's name for a message, never its arguments (they may carry data). */
function shownCommand(command: unknown): string {
  if (typeof command !== 'string') return typeof command
  return JSON.stringify(command.trim().split(/\s/, 1)[0]?.slice(0, 80) ?? '')
}

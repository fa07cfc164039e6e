import { join } from 'node:path'
import { utilityProcess } from 'electron'
import {
  WHISPER_WORKER_ENV_NAMES,
  WHISPER_WORKER_EXEC_ARGV,
  whisperWorkerEnv,
} from '../core/transcribe/whisperWorkerTuning'
import type { WhisperWorkerHandle } from '../core/transcribe/WhisperWorkerHandle'
import type { HostToWorkerMessage, WorkerToHostMessage } from '../core/transcribe/workerMessages'
import type { UtilityScript } from './guardElectronNet'

/** The whisper worker's script: the only one `utilityProcess.fork` may start (guardElectronNet). */
export const whisperWorkerScript: string = join(__dirname, 'whisperWorker.js')

/** How guardElectronNet lets it start: no arguments, the measured flags, the kept variables. */
export const whisperWorkerUtilityScript: UtilityScript = {
  path: whisperWorkerScript,
  execArgv: WHISPER_WORKER_EXEC_ARGV,
  envNames: WHISPER_WORKER_ENV_NAMES,
  acceptsArgs: (args) => args.length === 0,
}

/**
 * The whisper worker as an Electron utility process. The packaged app turns the RunAsNode fuse
 * off, and with it `child_process.fork` of the Electron binary; a utility process is Electron's own
 * supervised child instead. Its script is the electron-vite entry `whisperWorker.js` beside this
 * bundle, and it talks over `process.parentPort` (the worker handles both transports). Messages
 * are structured clones, so PCM windows arrive as Float32Array.
 */
export function forkUtilityWhisperWorker(): WhisperWorkerHandle {
  const child = utilityProcess.fork(whisperWorkerScript, [], {
    serviceName: 'Earshot transcription',
    // The allocator and GC settings measured to keep the worker's memory flat (whisperWorkerTuning.ts).
    env: whisperWorkerEnv(process.env),
    execArgv: [...WHISPER_WORKER_EXEC_ARGV],
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  return {
    get pid() {
      return child.pid
    },
    send(message: HostToWorkerMessage) {
      child.postMessage(message)
    },
    onMessage(listener) {
      child.on('message', (message) => {
        listener(message as WorkerToHostMessage)
      })
    },
    onExit(listener) {
      // Electron reports the exit code only; a kill shows as a non-zero code, not a signal name.
      child.once('exit', (code) => {
        listener(code, null)
      })
    },
    onStderr(listener) {
      child.stderr?.setEncoding('utf8')
      child.stderr?.on('data', listener)
    },
    kill() {
      // SIGTERM on POSIX: the worker installs no handler for it, so it ends at once, even inside
      // whisper.cpp's native loop.
      child.kill()
    },
  }
}

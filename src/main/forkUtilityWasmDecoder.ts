import { join } from 'node:path'
import { utilityProcess } from 'electron'
import { MEDIA_ENV_NAMES, mediaEnv } from '../core/media/mediaEnv'
import type { WasmDecoderHandle } from '../core/media/WasmDecoderHandle'
import {
  parseWasmDecoderArgs,
  wasmDecoderArgs,
  type WasmDecoderTask,
} from '../core/media/wasmDecoderTask'
import type { UtilityScript } from './guardElectronNet'

/** The ffmpeg.wasm decoder's script: the electron-vite entry `wasmDecoder.js` beside this bundle. */
export const wasmDecoderScript: string = join(__dirname, 'wasmDecoder.js')

/** How guardElectronNet lets it start: the task arguments the engine builds, nothing else. */
export const wasmDecoderUtilityScript: UtilityScript = {
  path: wasmDecoderScript,
  execArgv: [],
  envNames: MEDIA_ENV_NAMES,
  acceptsArgs: (args) => {
    try {
      parseWasmDecoderArgs(args)
      return true
    } catch {
      return false
    }
  },
}

/**
 * The ffmpeg.wasm decoder as an Electron utility process (the RunAsNode fuse is off, so the
 * Electron binary cannot be forked as Node; see forkUtilityWhisperWorker.ts). PCM arrives on its
 * stdout, the outcome through `process.parentPort`.
 */
export function forkUtilityWasmDecoder(task: WasmDecoderTask): WasmDecoderHandle {
  const child = utilityProcess.fork(wasmDecoderScript, wasmDecoderArgs(task), {
    serviceName: 'Earshot built-in decoder',
    env: mediaEnv(process.env),
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout = child.stdout
  if (stdout === null) throw new Error('the decoder utility process has no stdout')
  return {
    get pid() {
      return child.pid
    },
    stdout,
    onMessage(listener) {
      child.on('message', listener)
    },
    onExit(listener) {
      // Electron's 'exit' can come before stdout is drained; the handle promises both are over.
      let code: number | null | undefined
      let drained = false
      const maybeDone = (): void => {
        if (code !== undefined && drained) listener(code, null)
      }
      child.once('exit', (exitCode) => {
        code = exitCode
        maybeDone()
      })
      // 'close', not 'end': a consumer that stops early destroys the stream, which never ends.
      stdout.once('close', () => {
        drained = true
        maybeDone()
      })
    },
    onStderr(listener) {
      child.stderr?.setEncoding('utf8')
      child.stderr?.on('data', listener)
    },
    kill() {
      child.kill()
    },
  }
}

import { launchEngineProcess } from '../egress/childProcessGuard'
import type { WasmDecoderHandle } from './WasmDecoderHandle'
import type { WasmDecoderTask } from './wasmDecoderTask'

/**
 * Default `spawnDecoder` of WasmFfmpeg: a Node child process with an IPC channel, behind the OS
 * network wall (launchEngineProcess). The Electron app passes a utilityProcess one.
 */
export function forkWasmDecoder(task: WasmDecoderTask): WasmDecoderHandle {
  const child = launchEngineProcess({ kind: 'wasm-decoder', task })
  return {
    pid: child.pid,
    stdout: child.stdout,
    onMessage(listener) {
      child.on('message', listener)
    },
    onExit(listener) {
      // 'close', not 'exit': stdout and the IPC channel are drained by then. A process that could
      // not start reports 'error' alone.
      child.once('close', listener)
      child.once('error', () => {
        listener(null, null)
      })
    },
    onStderr(listener) {
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', listener)
    },
    kill() {
      child.kill('SIGKILL')
    },
  }
}

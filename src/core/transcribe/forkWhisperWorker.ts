import { launchEngineProcess } from '../egress/childProcessGuard'
import type { WhisperWorkerHandle } from './WhisperWorkerHandle'
import type { HostToWorkerMessage, WorkerToHostMessage } from './workerMessages'

/**
 * Default `spawnWorker`: a Node child process with an IPC channel, behind the OS network wall
 * (launchEngineProcess). The Electron app passes a utilityProcess one.
 */
export function forkWhisperWorker(): WhisperWorkerHandle {
  const child = launchEngineProcess({ kind: 'whisper-worker' })
  return {
    pid: child.pid,
    send(message: HostToWorkerMessage) {
      if (child.connected) child.send(message)
    },
    onMessage(listener) {
      child.on('message', (message) => {
        listener(message as WorkerToHostMessage)
      })
    },
    onExit(listener) {
      child.once('exit', listener)
    },
    onStderr(listener) {
      child.stderr?.setEncoding('utf8')
      child.stderr?.on('data', listener)
    },
    kill() {
      child.kill('SIGKILL')
    },
  }
}

import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { WhisperWorkerHandle } from './WhisperWorkerHandle'
import type { HostToWorkerMessage, WorkerToHostMessage } from './workerMessages'
import { WHISPER_WORKER_EXEC_ARGV, whisperWorkerEnv } from './whisperWorkerTuning'

/**
 * The worker script beside this module: `.js` once built, else the `.ts` source run through tsx
 * (CLI via `tsx src/cli/main.ts`, vitest). tsx is resolved to an absolute URL because `--import`
 * specifiers resolve against the child's cwd, not this file.
 */
function workerEntry(): { path: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./whisperWorker.js', import.meta.url))
  if (existsSync(js)) return { path: js, execArgv: [] }
  const ts = fileURLToPath(new URL('./whisperWorker.ts', import.meta.url))
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return { path: ts, execArgv: ['--import', tsx] }
}

/** Default `spawnWorker`: a Node child process. The Electron app passes a utilityProcess one. */
export function forkWhisperWorker(): WhisperWorkerHandle {
  const entry = workerEntry()
  const child = fork(entry.path, [], {
    execArgv: [...WHISPER_WORKER_EXEC_ARGV, ...entry.execArgv],
    env: whisperWorkerEnv(process.env),
    // 'advanced' = structured clone, so Float32Array windows arrive as Float32Array, not JSON.
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
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

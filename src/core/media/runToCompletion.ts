import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'

export interface CompletedRun {
  exitCode: number | null
  stdout: string
  stderr: string
}

/** Keeps memory bounded whatever a misbehaving child prints; the last lines carry the reason. */
const MAX_CAPTURE = 1 << 20

/**
 * Runs a short-lived program (ffprobe, started by `start`: launchEngineProcess) to the end and
 * kills it on abort. Rejects only when the program cannot be started (the error carries errno
 * `code`).
 */
export function runToCompletion(
  start: () => ChildProcessByStdio<null, Readable, Readable>,
  signal?: AbortSignal,
): Promise<CompletedRun> {
  return new Promise((resolve, reject) => {
    const child = start()
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += text
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-MAX_CAPTURE)
    })
    const kill = (): void => {
      child.kill('SIGKILL')
    }
    signal?.addEventListener('abort', kill, { once: true })
    child.once('error', (error) => {
      signal?.removeEventListener('abort', kill)
      reject(error)
    })
    child.once('close', (exitCode) => {
      signal?.removeEventListener('abort', kill)
      resolve({ exitCode, stdout, stderr })
    })
  })
}

import { spawn } from 'node:child_process'

/**
 * Runs a fixture tool (ffmpeg, espeak-ng) with an argument array, never a shell, and rejects with
 * the command line and the tool's stderr when it fails.
 */
export function runTool(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.once('error', reject)
    child.once('close', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr.trim()}`))
    })
  })
}

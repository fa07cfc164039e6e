import { spawn } from 'node:child_process'
import { repoRoot } from '../../../support/paths'

/**
 * Starts a child script on a data folder and, with `killAfterReadyMs`, `kill -9`s it that long
 * after it printed `ready`; resolves when it exits (killed or not) with what it printed. The
 * child runs with a key file, never EARSHOT_DB_KEY.
 */
export function runKillableChild(
  script: string,
  dataDir: string,
  killAfterReadyMs: number | null,
): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], {
    cwd: repoRoot,
    env: { ...process.env, EARSHOT_DB_KEY: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
    if (killAfterReadyMs !== null && stdout.startsWith('ready\n') && !child.killed) {
      setTimeout(() => child.kill('SIGKILL'), killAfterReadyMs)
    }
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (_code, signal) => {
      resolve({ stdout, signal })
    })
  })
}

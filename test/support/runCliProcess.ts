import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from './paths'

const cliEntry = join(repoRoot, 'src', 'cli', 'main.ts')

/**
 * Starts the real `earshot` CLI as its own process, exactly as `npm run earshot` does. Its stdin
 * is closed unless `stdin: 'pipe'` gives the test the keyboard.
 */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { stdin?: 'pipe' | 'ignore' } = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  })
}

export function runCliProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnCli(args, env)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => {
      resolve({ code, stdout, stderr })
    })
  })
}

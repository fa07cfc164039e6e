import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * The worker script beside this module: `.js` once built, else the `.ts` source run through tsx
 * (CLI via `tsx src/cli/main.ts`, vitest). tsx is resolved to an absolute URL because `--import`
 * specifiers resolve against the child's cwd, not this file.
 */
export function whisperWorkerEntry(): { path: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./whisperWorker.js', import.meta.url))
  if (existsSync(js)) return { path: js, execArgv: [] }
  const ts = fileURLToPath(new URL('./whisperWorker.ts', import.meta.url))
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return { path: ts, execArgv: ['--import', tsx] }
}

import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * The decoder process's script beside this module: `wasmDecoder.js` once built (an electron-vite
 * entry), else the `.ts` source run through tsx (CLI, vitest), as whisperWorkerEntry does. tsx is
 * resolved to an absolute URL because `--import` specifiers resolve against the child's cwd.
 */
export function wasmDecoderEntry(): { path: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./wasmDecoder.js', import.meta.url))
  if (existsSync(js)) return { path: js, execArgv: [] }
  const ts = fileURLToPath(new URL('./wasmDecoder.ts', import.meta.url))
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return { path: ts, execArgv: ['--import', tsx] }
}

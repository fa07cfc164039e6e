import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../../support/paths'

export const rendererDir = join(repoRoot, 'out', 'renderer')

/** `npm test` builds first; a bare `vitest run test/e2e` builds here when the output is missing. */
export function ensureRendererBuilt(): string {
  if (existsSync(join(rendererDir, 'index.html'))) return rendererDir
  const built = spawnSync(join(repoRoot, 'node_modules', '.bin', 'electron-vite'), ['build'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  if (built.status !== 0) throw new Error(`electron-vite build failed:\n${built.stderr}`)
  return rendererDir
}

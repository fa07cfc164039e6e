import { resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..', '..')
/** Beside the checkout; `EARSHOT_SHARED_FIXTURES` for a checkout elsewhere (a git worktree). */
export const sharedFixturesDir =
  process.env.EARSHOT_SHARED_FIXTURES ?? resolve(repoRoot, '..', 'shared', 'fixtures')
/** Generated files a run may keep between tests (media, models); never committed. */
export const testOutputDir = resolve(repoRoot, 'test-output')

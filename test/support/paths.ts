import { resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..', '..')
/**
 * The fixtures kept beside the repository (real speech, the test model). A checkout somewhere else
 * (a git worktree) names the folder with EARSHOT_TEST_SHARED_FIXTURES (or EARSHOT_SHARED_FIXTURES).
 */
export const sharedFixturesDir =
  process.env.EARSHOT_TEST_SHARED_FIXTURES ??
  process.env.EARSHOT_SHARED_FIXTURES ??
  resolve(repoRoot, '..', 'shared', 'fixtures')
/** Generated files a run may keep between tests (media, models); never committed. */
export const testOutputDir = resolve(repoRoot, 'test-output')

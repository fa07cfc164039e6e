import { resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '..', '..')
export const sharedFixturesDir = resolve(repoRoot, '..', 'shared', 'fixtures')
/** Generated files a run may keep between tests (media, models); never committed. */
export const testOutputDir = resolve(repoRoot, 'test-output')

import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach } from 'vitest'
import { testOutputDir } from './paths'

/**
 * A fresh folder per test, removed afterwards. Under the OS temp folder by default; `base` puts it
 * elsewhere (see usePrivateTempDir).
 */
export function useTempDir(prefix = 'earshot-', base = tmpdir()): () => string {
  const made: string[] = []
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = mkdtempSync(join(base, prefix))
    made.push(dir)
    return dir
  }
}

/**
 * Like useTempDir, but outside world-writable /tmp: for programs Earshot is to run, which it refuses
 * from a folder anyone may write to (checkProgramFile). Under test-output when no folder above the
 * checkout is world-writable; a checkout that itself sits under /tmp (a CI clone may) uses a folder
 * in the user's home instead.
 */
export function usePrivateTempDir(prefix = 'earshot-'): () => string {
  const base = hasWorldWritableAncestor(testOutputDir)
    ? join(homedir(), '.cache', 'earshot-tests', 'private-tmp')
    : join(testOutputDir, 'private-tmp')
  mkdirSync(base, { recursive: true, mode: 0o700 })
  return useTempDir(prefix, base)
}

function hasWorldWritableAncestor(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    const info = statSync(dir, { throwIfNoEntry: false })
    if (info !== undefined && (info.mode & 0o002) !== 0) return true
    if (dirname(dir) === dir) return false
  }
}

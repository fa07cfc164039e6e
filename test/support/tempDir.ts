import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
 * from a folder anyone may write to (checkProgramFile).
 */
export function usePrivateTempDir(prefix = 'earshot-'): () => string {
  const base = join(testOutputDir, 'private-tmp')
  mkdirSync(base, { recursive: true, mode: 0o700 })
  return useTempDir(prefix, base)
}

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/paths'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : []
  })
}

// Static, dynamic and require() forms, with or without a subpath ('electron/main').
const importsElectron =
  /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]electron(?:\/[^'"]*)?['"]/

describe('process boundaries', () => {
  for (const folder of ['src/core', 'src/shared']) {
    it(`nothing under ${folder} imports electron`, () => {
      const offenders = sourceFiles(join(repoRoot, folder))
        .filter((file) => importsElectron.test(readFileSync(file, 'utf8')))
        .map((file) => relative(repoRoot, file))
      expect(offenders).toEqual([])
    })
  }

  it('the electron-import detector recognises every import form', () => {
    for (const line of [
      "import { app } from 'electron'",
      'import "electron"',
      "const e = require('electron')",
      "await import('electron/main')",
    ]) {
      expect(importsElectron.test(line), line).toBe(true)
    }
    expect(importsElectron.test("import x from 'electron-vite'")).toBe(false)
  })
})

import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { programFileProblem } from '../../../src/core/media/checkProgramFile'
import { resolveFfmpeg } from '../../../src/core/media/resolveFfmpeg'
import { usePrivateTempDir } from '../../support/tempDir'

const privateDir = usePrivateTempDir('earshot-program-')
const inTmp: string[] = []
afterEach(() => {
  for (const dir of inTmp.splice(0)) rmSync(dir, { recursive: true, force: true })
})
/** A folder under the OS temp folder (sticky and world-writable: /tmp). */
function tmpFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-planted-'))
  inTmp.push(dir)
  return dir
}

function tool(dir: string, name = 'ffmpeg', mode = 0o755): string {
  const path = join(dir, name)
  writeFileSync(path, '#!/bin/sh\n')
  chmodSync(path, mode)
  return path
}

const uid = process.getuid?.() ?? 0
const otherUid = uid === 0 ? 65534 : uid + 1

describe('programFileProblem: what Earshot will run', () => {
  it('accepts a program only its owner can change, in folders only they can change', () => {
    expect(programFileProblem(tool(privateDir()))).toBeNull()
  })

  it('refuses a program under /tmp, even in a private-looking folder inside it', () => {
    const dir = tmpFolder()
    chmodSync(dir, 0o700)
    expect(programFileProblem(tool(dir))).toMatch(/folder anyone on this computer may write to/)
  })

  it('refuses a program in a world-writable folder without the sticky bit', () => {
    const dir = join(privateDir(), 'shared')
    mkdirSync(dir)
    chmodSync(dir, 0o777)
    expect(programFileProblem(tool(dir))).toMatch(/anyone on this computer may write to/)
  })

  it('refuses a world-writable program', () => {
    expect(programFileProblem(tool(privateDir(), 'ffmpeg', 0o757))).toMatch(
      /anyone .* may change it/,
    )
  })

  it('refuses a symlink in a safe folder that points into /tmp', () => {
    const link = join(privateDir(), 'ffmpeg')
    symlinkSync(tool(tmpFolder()), link)
    expect(programFileProblem(link)).toMatch(/may write to/)
  })

  it('refuses a folder, and a path that does not exist', () => {
    const dir = privateDir()
    expect(programFileProblem(dir)).toBe('it is not a regular file')
    expect(programFileProblem(join(dir, 'nope'))).toBe('it does not exist')
  })

  it.runIf(uid === 0)('refuses a program, or a folder on its way, another user owns', () => {
    const dir = privateDir()
    const owned = tool(dir)
    chownSync(owned, otherUid, otherUid)
    expect(programFileProblem(owned)).toBe('it is owned by another user')
    const folder = join(dir, 'theirs')
    mkdirSync(folder)
    const inside = tool(folder)
    chownSync(folder, otherUid, otherUid)
    expect(programFileProblem(inside)).toMatch(/a folder another user owns/)
  })

  it('passes over a PATH entry under /tmp instead of trusting it', () => {
    const planted = tmpFolder()
    tool(planted, 'ffmpeg')
    tool(planted, 'ffprobe')
    const safe = privateDir()
    tool(safe, 'ffmpeg')
    tool(safe, 'ffprobe')
    expect(resolveFfmpeg({ env: { PATH: [planted, safe].join(':') } })?.ffmpeg).toBe(
      join(safe, 'ffmpeg'),
    )
    expect(resolveFfmpeg({ env: { PATH: planted } })).toBeNull()
  })
})

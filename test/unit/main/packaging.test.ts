import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../support/paths'
import { useTempDir } from '../../support/tempDir'

interface AfterPackContext {
  appOutDir: string
  arch: number
  electronPlatformName: string
  packager: { appInfo: { productFilename: string }; executableName: string }
}
type ElectronBinaryPath = (app: {
  platform: string
  appOutDir: string
  productFilename: string
  executableName: string
}) => string
const packaging = join(repoRoot, 'scripts/packaging')
const { default: afterPack } = (await import(join(packaging, 'afterPack.mjs'))) as {
  default: (context: AfterPackContext) => Promise<void>
}
const { electronBinaryPath } = (await import(join(packaging, 'fuseConfig.mjs'))) as {
  electronBinaryPath: ElectronBinaryPath
}

const tempDir = useTempDir('earshot-pack-')
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** A fuse's byte on the wire: ASCII '0' or '1' (@electron/fuses does not export its enum). */
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 } as const

/**
 * An executable-shaped file with Electron's fuse wire in it (sentinel, version 1, 8 fuses in
 * Electron's shipped defaults), so the real @electron/fuses flips real bytes.
 */
function fakeElectron(path: string): void {
  const defaults = [
    FuseState.ENABLE, // RunAsNode
    FuseState.DISABLE, // EnableCookieEncryption
    FuseState.ENABLE, // EnableNodeOptionsEnvironmentVariable
    FuseState.ENABLE, // EnableNodeCliInspectArguments
    FuseState.DISABLE, // EnableEmbeddedAsarIntegrityValidation
    FuseState.DISABLE, // OnlyLoadAppFromAsar
    FuseState.DISABLE, // LoadBrowserProcessSpecificV8Snapshot
    FuseState.ENABLE, // GrantFileProtocolExtraPrivileges
  ]
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from('\x7fELF...code...'),
      Buffer.from(SENTINEL),
      Buffer.from([1, defaults.length, ...defaults]),
      Buffer.from('...more code'),
    ]),
  )
}

const linuxContext = (appOutDir: string): AfterPackContext => ({
  appOutDir,
  arch: 1,
  electronPlatformName: 'linux',
  packager: { appInfo: { productFilename: 'Earshot' }, executableName: 'earshot' },
})

describe('the afterPack hook (Electron fuses)', () => {
  it('turns off Node entry points and turns on asar-only loading, integrity and cookie encryption', async () => {
    const dir = tempDir()
    const binary = join(dir, 'earshot')
    fakeElectron(binary)
    await afterPack(linuxContext(dir))
    const wire = await getCurrentFuseWire(binary)
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE)
    // Fuses the config does not name keep Electron's defaults.
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.ENABLE)
    expect(readFileSync(binary).subarray(0, 14).toString('latin1')).toBe('\x7fELF...code...')
  })

  it('fails the build when the binary holds no fuse wire', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'earshot'), 'not electron')
    await expect(afterPack(linuxContext(dir))).rejects.toThrow(/sentinel/)
  })

  it('finds the binary of each platform', () => {
    const app = { appOutDir: '/o', productFilename: 'Earshot', executableName: 'earshot' }
    expect(electronBinaryPath({ ...app, platform: 'darwin' })).toBe(join('/o', 'Earshot.app'))
    expect(electronBinaryPath({ ...app, platform: 'win32' })).toBe(join('/o', 'Earshot.exe'))
    expect(electronBinaryPath({ ...app, platform: 'linux' })).toBe(join('/o', 'earshot'))
  })
})

describe('the electron-builder configuration', () => {
  const config = readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')

  it('packs into an asar, unpacks the native addons and ffmpeg wasm, and runs the fuse hook', () => {
    expect(config).toMatch(/^asar: true$/m)
    for (const unpacked of [
      'better-sqlite3/**/*.node',
      'better-sqlite3-multiple-ciphers/**/*.node',
      'smart-whisper/**/*.node',
      '@ffmpeg/core/dist/**',
    ]) {
      expect(config).toContain(`node_modules/${unpacked}`)
    }
    expect(config).toMatch(/^afterPack: scripts\/packaging\/afterPack\.mjs$/m)
  })

  it('builds with the hardened runtime on macOS', () => {
    expect(config).toMatch(/^mac:\n(?: {2}.*\n)*? {2}hardenedRuntime: true$/m)
  })
})

// electron-builder `afterPack` hook: flips the fuses (fuseConfig.mjs) in the packed binary, then
// reads them back, so a build whose fuses did not take fails instead of shipping.
import { flipFuses, getCurrentFuseWire } from '@electron/fuses'
import { earshotFuseConfig, electronBinaryPath } from './fuseConfig.mjs'

// The wire's byte per fuse: ASCII '0' off, '1' on, 'r' removed by Electron (@electron/fuses does
// not export these).
const DISABLE = 0x30
const ENABLE = 0x31
const REMOVED = 0x72

// electron-builder's Arch enum: numbers in the context, names here.
const archNames = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' }

/** @param {{ appOutDir: string, arch: number, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName: string } }} context */
export default async function afterPack(context) {
  const platform = context.electronPlatformName
  const arch = archNames[context.arch] ?? String(context.arch)
  const binary = electronBinaryPath({
    platform,
    appOutDir: context.appOutDir,
    productFilename: context.packager.appInfo.productFilename,
    executableName: context.packager.executableName,
  })
  const config = earshotFuseConfig({ platform, arch })
  await flipFuses(binary, config)
  const wire = await getCurrentFuseWire(binary)
  for (const [fuse, wanted] of Object.entries(config)) {
    if (typeof wanted !== 'boolean' || !/^\d+$/.test(fuse)) continue
    const state = wire[fuse]
    if (state === REMOVED) continue
    if (state !== (wanted ? ENABLE : DISABLE)) {
      throw new Error(`Fuse ${fuse} of ${binary} did not flip to ${wanted}.`)
    }
  }
}

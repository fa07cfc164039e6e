// Electron fuses for the packaged app (Electron security checklist, "Fuses"): each closes a way to
// run code in the app's process other than the app itself. Flipped by afterPack.mjs, checked by
// test/unit/main/packaging.test.ts.
import { join } from 'node:path'
import { FuseV1Options, FuseVersion } from '@electron/fuses'

/** @param {{ platform: string, arch: string }} target */
export function earshotFuseConfig({ platform, arch }) {
  return {
    version: FuseVersion.V1,
    // `ELECTRON_RUN_AS_NODE=1 Earshot` would be a signed Node interpreter for anyone to use.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // Only the signed app.asar runs, and only if its header hash matches the one in the binary.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    // Flipping bytes breaks the linker's ad-hoc signature on Apple silicon; re-sign it ad hoc
    // (electron-builder signs properly afterwards when a certificate is configured).
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
  }
}

/**
 * The file holding the fuse wire for one packed app: the .app bundle on macOS (@electron/fuses
 * finds the framework inside), the executable elsewhere.
 * @param {{ platform: string, appOutDir: string, productFilename: string, executableName: string }} app
 */
export function electronBinaryPath({ platform, appOutDir, productFilename, executableName }) {
  if (platform === 'darwin' || platform === 'mas') return join(appOutDir, `${productFilename}.app`)
  if (platform === 'win32') return join(appOutDir, `${productFilename}.exe`)
  return join(appOutDir, executableName)
}

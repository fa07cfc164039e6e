#!/usr/bin/env node
// Rebuilds node_modules/smart-whisper so whisper.cpp uses this CPU's vector units.
//
// Why: smart-whisper's binding.gyp compiles ggml with no -m flags, i.e. SSE2 only on x86-64, and has
// no gyp variable for extra flags. node-gyp's make generator appends $(CFLAGS)/$(CXXFLAGS) from the
// environment to every compile, so that is the way in. MEASURED.md: the default build is ~20× slower
// at encode than a native one.
//
// Usage: node scripts/build-whisper.mjs [--force] [--dry-run]
//   EARSHOT_WHISPER_CFLAGS="-mavx2 -mfma -mf16c"  override the flags (e.g. for a build that must run
//                                                  on other machines: -march=native ties the binary
//                                                  to the build machine's CPU)
// Skips the rebuild when the last one used the same flags (stamp in build/Release), so it is cheap as
// a postinstall step.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { findNodeGyp, nodedirArgs } from './nodeGyp.mjs'

const args = new Set(process.argv.slice(2))
const repoRoot = resolve(import.meta.dirname, '..')
const require = createRequire(join(repoRoot, 'package.json'))

/** Compiler flags per platform: ggml picks its kernels from the predefined __AVX2__, __ARM_NEON… */
function nativeFlags() {
  const override = process.env.EARSHOT_WHISPER_CFLAGS
  if (override !== undefined) return override.split(/\s+/).filter(Boolean)
  // Apple silicon: smart-whisper's build.js already selects Metal + Accelerate, and clang's default
  // arm64 target includes NEON; -march=native is not accepted by every Apple clang.
  if (process.platform === 'darwin' && process.arch === 'arm64') return []
  // MSVC ignores CFLAGS; /arch is set through the CL environment variable instead (below).
  if (process.platform === 'win32') return ['/arch:AVX2']
  // GCC on aarch64 spells "this CPU" as -mcpu=native.
  if (process.arch === 'arm64') return ['-mcpu=native']
  return ['-march=native']
}

const packageDir = dirname(require.resolve('smart-whisper/package.json'))
const stampPath = join(packageDir, 'build', 'Release', 'earshot-build.json')
const addonPath = join(packageDir, 'build', 'Release', 'smart-whisper.node')
const flags = nativeFlags()
const stamp = JSON.stringify({
  flags,
  platform: process.platform,
  arch: process.arch,
  modules: process.versions.modules,
})

if (!args.has('--force') && existsSync(addonPath) && existsSync(stampPath)) {
  if (readFileSync(stampPath, 'utf8') === stamp) {
    console.log(`smart-whisper already built with [${flags.join(' ')}]`)
    process.exit(0)
  }
}

const env = { ...process.env }
if (process.platform === 'win32') {
  env.CL = [env.CL, ...flags].filter(Boolean).join(' ')
} else {
  env.CFLAGS = [env.CFLAGS, ...flags].filter(Boolean).join(' ')
  env.CXXFLAGS = [env.CXXFLAGS, ...flags].filter(Boolean).join(' ')
}
const gypArgs = [findNodeGyp(), 'rebuild', '--release']
gypArgs.push(...nodedirArgs())

console.log(`rebuilding smart-whisper with [${flags.join(' ')}] in ${packageDir}`)
if (args.has('--dry-run')) process.exit(0)
const started = Date.now()
const result = spawnSync(process.execPath, gypArgs, { cwd: packageDir, env, stdio: 'inherit' })
if (result.status !== 0) {
  console.error(`node-gyp rebuild failed (exit ${result.status ?? result.signal})`)
  process.exit(1)
}
writeFileSync(stampPath, stamp)
console.log(`smart-whisper rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`)

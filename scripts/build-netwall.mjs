#!/usr/bin/env node
// Builds the seccomp network wall addon (native/netwall → native/netwall/build/Release/netwall.node),
// which the whisper worker and the ffmpeg.wasm decoder install on themselves first thing
// (src/core/egress/seccompWall.ts). Linux only: elsewhere there is nothing to build and the wall
// says it is unavailable. N-API, so one build serves Node and Electron alike.
//
// Usage: node scripts/build-netwall.mjs [--force]
// Skips the build when the addon is there for this platform, arch and source (stamp beside it), so it is
// cheap as a postinstall step. On Linux a failed build fails the install: the workers would start
// without their wall (they would say so, but an install should not end quietly in that state).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { findNodeGyp, nodedirArgs } from './nodeGyp.mjs'

const force = process.argv.includes('--force')
const addonDir = resolve(import.meta.dirname, '..', 'native', 'netwall')
const addonPath = join(addonDir, 'build', 'Release', 'netwall.node')
const stampPath = join(addonDir, 'build', 'Release', 'earshot-build.json')
const stamp = JSON.stringify({
  platform: process.platform,
  arch: process.arch,
  source: createHash('sha256')
    .update(readFileSync(join(addonDir, 'netwall.c')))
    .update(readFileSync(join(addonDir, 'binding.gyp')))
    .digest('hex'),
})

if (process.platform !== 'linux') {
  console.log(`netwall: not built on ${process.platform} (the seccomp wall is Linux only)`)
  process.exit(0)
}
if (!force && existsSync(addonPath) && existsSync(stampPath)) {
  if (readFileSync(stampPath, 'utf8') === stamp) {
    console.log('netwall already built')
    process.exit(0)
  }
}
const started = Date.now()
const result = spawnSync(
  process.execPath,
  [findNodeGyp(), 'rebuild', '--release', ...nodedirArgs()],
  { cwd: addonDir, stdio: 'inherit' },
)
if (result.status !== 0 || !existsSync(addonPath)) {
  console.error(`netwall: node-gyp rebuild failed (exit ${result.status ?? result.signal})`)
  process.exit(1)
}
writeFileSync(stampPath, stamp)
console.log(`netwall built in ${((Date.now() - started) / 1000).toFixed(1)} s`)

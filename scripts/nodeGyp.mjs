// Where node-gyp and node's headers are, for the scripts that compile native addons
// (build-whisper.mjs, build-netwall.mjs). One home, so both builds find the same toolchain.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** node-gyp's script: npm's own for lifecycle scripts (postinstall), else the one bundled with npm. */
export function findNodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp
  if (fromNpm && existsSync(fromNpm)) return fromNpm
  const npmModules = ['node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js']
  const candidates = [
    join(dirname(process.execPath), '..', 'lib', ...npmModules),
    join(dirname(process.execPath), ...npmModules),
  ]
  const found = candidates.find((p) => existsSync(p))
  if (!found)
    throw new Error(
      'node-gyp not found: run this through npm (npm run build:whisper, npm run build:netwall)',
    )
  return found
}

/**
 * Where node's headers are. npm passes its `nodedir` config to lifecycle scripts; run by hand, a
 * distro node (headers in <prefix>/include/node) is used as is, since node-gyp would otherwise try
 * to download headers, which fails offline.
 */
export function nodedirArgs() {
  const fromNpm = process.env.npm_config_nodedir
  if (fromNpm) return [`--nodedir=${fromNpm}`]
  const prefix = resolve(dirname(process.execPath), '..')
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) return [`--nodedir=${prefix}`]
  return []
}

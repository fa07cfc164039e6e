// Preloaded with `node --require` by tripwireInstallOrder.test.ts. Records, for every non-builtin
// module Node's CommonJS loader executes (native addons and most dependencies are CommonJS, and
// an ES module importing one runs it at that point of the evaluation), whether the tripwire was
// installed yet: then `net.Socket.prototype.connect` is locked. Printed on exit, one per line.
/* global require, process, performance */
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict'
const Module = require('node:module')
const net = require('node:net')

const load = Module._load
const seen = []
Module._load = function probedLoad(request, parent, isMain) {
  const descriptor = Object.getOwnPropertyDescriptor(net.Socket.prototype, 'connect')
  const installed = descriptor !== undefined && descriptor.writable === false
  let resolved = request
  try {
    resolved = Module._resolveFilename(request, parent, isMain)
  } catch {
    // Left as requested; the real load reports the failure.
  }
  if (!Module.isBuiltin(resolved)) {
    seen.push(`${installed ? 'after' : 'before'} ${performance.now().toFixed(1)} ${resolved}`)
  }
  return load.apply(this, arguments)
}
process.on('exit', () => {
  process.stderr.write(seen.map((line) => `LOAD ${line}\n`).join(''))
})

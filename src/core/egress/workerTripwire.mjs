// @ts-check
// Preloaded (`--import`) into every worker thread the tripwire lets start (guardWorkers.ts), from
// the sources: a worker thread gets no TypeScript loader of its own, so this loads the TypeScript
// tripwire through tsx's require hook (the CommonJS one: 3x faster to start here than tsImport).
// The built app preloads the bundled `workerTripwire.js` instead (electron.vite.config.ts).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const tsx = /** @type {{ require: (id: string, from: string) => unknown }} */ (
  require('tsx/cjs/api')
)
tsx.require('./workerTripwireFirst.ts', import.meta.url)

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * What guardWorkers preloads into each worker thread: the bundled `workerTripwire.js` beside the
 * built app's main bundle, else `workerTripwire.mjs` beside this source file.
 */
export const workerTripwirePreload: URL = (() => {
  const built = new URL('./workerTripwire.js', import.meta.url)
  return existsSync(fileURLToPath(built)) ? built : new URL('./workerTripwire.mjs', import.meta.url)
})()

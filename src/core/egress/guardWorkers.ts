import nodeModule, { syncBuiltinESMExports } from 'node:module'
import workerThreads from 'node:worker_threads'
import { lockProperty } from './lockProperty'
import { tripwirePolicy } from './tripwirePolicy'

/**
 * A worker thread is a fresh JavaScript world: none of this thread's guards reach it (issue 9,
 * road 7), and it shares this process's network namespace, so the OS wall cannot hold it either.
 * Earshot starts none: the one it had, the ffmpeg.wasm decoder, is now a process of its own behind
 * that wall (src/core/media/wasmDecoder.ts). So every `new Worker` is refused, whatever it names
 * (a file, `eval` code, a `data:` URL) and whatever its options (`execArgv`, `env`). The test
 * runner's own workers are started by vitest's main process, which installs no tripwire.
 */
export function guardWorkers(): void {
  const Original = workerThreads.Worker
  class RefusedWorker extends Original {
    constructor(filename: string | URL, options: workerThreads.WorkerOptions = {}) {
      super(refuse(filename, options))
    }
  }
  lockProperty(workerThreads, 'Worker', RefusedWorker)
  // Module customization hooks run in a loader thread of their own (Node 20+: off-thread), a fresh
  // world like a worker's; a hook module registered now would run there without a tripwire. The
  // loaders Earshot uses (tsx) are registered before the tripwire, in the entry's first lines.
  if (typeof Reflect.get(nodeModule, 'register') === 'function') {
    lockProperty(nodeModule, 'register', function refusedRegister(specifier: unknown): never {
      throw tripwirePolicy.trip('worker', `module.register(${String(specifier).slice(0, 80)})`)
    })
  }
  // `import { Worker } from 'node:worker_threads'` (and `register` from 'node:module') read the
  // ES modules' own bindings.
  syncBuiltinESMExports()
}

function refuse(filename: string | URL, options: workerThreads.WorkerOptions): never {
  const shown = options.eval === true ? 'code given as a string (eval)' : String(filename)
  throw tripwirePolicy.trip('worker', shown.slice(0, 80))
}

import nodeModule, { syncBuiltinESMExports } from 'node:module'
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import workerThreads from 'node:worker_threads'
import { lockProperty } from './lockProperty'
import { tripwirePolicy } from './tripwirePolicy'

export interface WorkerPolicy {
  /** The only files a worker thread may run (absolute paths or file: URLs). */
  scripts: readonly (string | URL)[]
  /** Module every allowed worker imports before its own code: installs the tripwire there. */
  preload: string | URL | undefined
}

/**
 * A worker thread is a fresh JavaScript world: none of this thread's guards reach it (issue 9,
 * road 7). Of the two ways to close that, Earshot takes both halves of the stricter one: only
 * files named at install may start (no `eval`, no `data:` URLs, no code strings), and each is
 * started with `--import <preload>` so the tripwire is installed in it before its first line,
 * whatever that file does. Callers cannot pass `execArgv` (it could add `--expose-internals`, an
 * `--import` of their own or `--inspect`): the preload is the whole of it. Why not "every worker
 * gets the tripwire" alone: a worker whose code was written by an attacker has no reason to keep
 * it, and an allowlist costs Earshot nothing (it starts one worker file).
 */
export function guardWorkers(policy: WorkerPolicy): void {
  const allowed = new Set(policy.scripts.map(toPath))
  const preload = policy.preload === undefined ? undefined : toUrl(policy.preload)
  const Original = workerThreads.Worker
  const execArgv = preload === undefined ? [] : ['--import', preload]

  class GuardedWorker extends Original {
    constructor(filename: string | URL, options: workerThreads.WorkerOptions = {}) {
      const given = { ...options }
      if (given.eval === true) throw tripwirePolicy.trip('worker', 'code given as a string (eval)')
      let path: string
      try {
        path = toPath(filename)
      } catch {
        throw tripwirePolicy.trip('worker', String(filename).slice(0, 80))
      }
      if (!allowed.has(path)) throw tripwirePolicy.trip('worker', path)
      if (given.execArgv !== undefined && given.execArgv.length > 0) {
        throw tripwirePolicy.trip('worker', `${path} with execArgv`)
      }
      super(pathToFileURL(path), { ...given, eval: false, execArgv })
    }
  }
  lockProperty(workerThreads, 'Worker', GuardedWorker)
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

function toPath(filename: string | URL): string {
  if (filename instanceof URL) return fileURLToPath(filename)
  if (filename.startsWith('file:')) return fileURLToPath(filename)
  if (!isAbsolute(filename) && !filename.startsWith('.')) throw new Error('not a file')
  return resolve(filename)
}

function toUrl(value: string | URL): string {
  return value instanceof URL ? value.href : pathToFileURL(value).href
}

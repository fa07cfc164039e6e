import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { osWallTurnedOff } from './osWallSwitch'
import type { SeccompWallReport } from './seccompWallReport'

/**
 * The seccomp network wall (issue 9): a BPF filter a worker installs on itself before it reads any
 * media (native/netwall/netwall.c). From then on the kernel refuses the process — every thread
 * (TSYNC) and everything it ever starts (filters survive execve) — any socket but AF_UNIX, and
 * io_uring, which could open sockets behind the filter's back. It needs no privilege, so it holds
 * where a network namespace cannot be made (user namespaces off, Ubuntu 24.04's AppArmor rule)
 * and in Electron utility processes, which Electron starts itself. AF_UNIX stays open: the
 * worker's channel to its host is one.
 *
 * Imports nothing but Node's path helpers, so a worker entry can evaluate it before anything else.
 */
export const NETWALL_ADDON = join('native', 'netwall', 'build', 'Release', 'netwall.node')

interface NetwallAddon {
  install(): void
  status(): { installed: boolean; arch: string | null; seccompMode: number; noNewPrivs: boolean }
}

let report: SeccompWallReport | undefined

/** Installs the wall once per process and says how that went; never throws. */
export function installSeccompWall(): SeccompWallReport {
  report ??= tryInstall()
  return report
}

/** What `installSeccompWall` reported, if it ran in this process. */
export function seccompWallReport(): SeccompWallReport | undefined {
  return report
}

/** What stops the wall before the addon is even looked for; undefined when nothing does. */
function beforeInstall(): SeccompWallReport | undefined {
  if (osWallTurnedOff()) {
    return { state: 'off', detail: 'The OS network wall is turned off (EARSHOT_OS_WALL=off).' }
  }
  if (process.platform !== 'linux') {
    return {
      state: 'unavailable',
      detail: `The seccomp network wall is Linux only; this is ${process.platform}.`,
    }
  }
  if (process.arch !== 'x64' && process.arch !== 'arm64') {
    return {
      state: 'unavailable',
      detail: `The seccomp network wall is written for x86_64 and aarch64, not ${process.arch}.`,
    }
  }
  return undefined
}

function missingAddon(): SeccompWallReport {
  return {
    state: 'failed',
    detail: `The seccomp network wall addon (${NETWALL_ADDON}) is missing: run npm run build:netwall.`,
  }
}

/**
 * What a worker started now should report, for Settings before one has run (the host cannot try
 * the filter on itself: it cannot be taken off again). `expected` when the addon is there and the
 * kernel offers seccomp filters with the actions the filter uses.
 */
export function expectedSeccompWall(): SeccompWallReport | { state: 'expected'; detail: string } {
  const before = beforeInstall()
  if (before !== undefined) return before
  if (findNetwallAddon() === undefined) return missingAddon()
  let actions = ''
  try {
    actions = readFileSync('/proc/sys/kernel/seccomp/actions_avail', 'utf8')
  } catch {
    // No such file: a kernel without seccomp filters (CONFIG_SECCOMP_FILTER off).
  }
  const offered = new Set(actions.trim().split(/\s+/))
  if (!offered.has('errno') || !offered.has('kill_process')) {
    return {
      state: 'failed',
      detail:
        'This kernel offers no seccomp filters, so the workers cannot refuse themselves the network.',
    }
  }
  return {
    state: 'expected',
    detail:
      'Each worker refuses itself every socket but AF_UNIX through the kernel (seccomp) as it starts.',
  }
}

function tryInstall(): SeccompWallReport {
  const before = beforeInstall()
  if (before !== undefined) return before
  const path = findNetwallAddon()
  if (path === undefined) return missingAddon()
  let addon: NetwallAddon
  try {
    const module = { exports: {} as unknown }
    process.dlopen(module, path)
    addon = module.exports as NetwallAddon
  } catch (error) {
    return {
      state: 'failed',
      detail: `The seccomp network wall addon did not load: ${messageOf(error)}`,
    }
  }
  const started = process.hrtime.bigint()
  try {
    addon.install()
  } catch (error) {
    return {
      state: 'failed',
      detail: `The kernel refused the seccomp network wall: ${messageOf(error)}`,
    }
  }
  const installMicros = Number(process.hrtime.bigint() - started) / 1000
  const status = addon.status()
  if (!status.installed || status.seccompMode !== 2 || !status.noNewPrivs) {
    return {
      state: 'failed',
      detail: 'The seccomp network wall reported itself installed, but the kernel shows no filter.',
    }
  }
  return {
    state: 'installed',
    detail:
      'The kernel refuses this process, its threads and its children every socket but AF_UNIX.',
    installMicros,
  }
}

/**
 * The addon sits at `native/netwall/build/Release/netwall.node` under the app's root, which is
 * two to three folders above this code however it runs: `src/core/egress` (sources through tsx),
 * `out/main` (the electron-vite bundle), `resources/app.asar/out/main` (the packaged app, where
 * electron-builder unpacks it to app.asar.unpacked: dlopen needs a real file).
 */
export function findNetwallAddon(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let level = 0; level < 4; level++) {
    const candidate = join(dir, NETWALL_ADDON).replace(
      `${sep}app.asar${sep}`,
      `${sep}app.asar.unpacked${sep}`,
    )
    if (existsSync(candidate)) return candidate
    dir = dirname(dir)
  }
  return undefined
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200)
}

import childProcess from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import { osWallTurnedOff } from './osWallSwitch'

// Taken when this module is first evaluated, before the child-process guard replaces it: the
// probe below must run whatever the guard later refuses.
const pristineSpawnSync = childProcess.spawnSync

/** `EARSHOT_OS_WALL=off` (osWallSwitch.ts), read once as this module loads first thing. */
const turnedOff = osWallTurnedOff()

/** How the processes that touch media are kept off the network by the operating system. */
export type OsNetworkWallKind = 'linux-netns' | 'macos-sandbox' | 'none'

export interface OsNetworkWall {
  kind: OsNetworkWallKind
  /** Why there is no wall, or what was probed; one sentence for Settings. */
  detail: string
  /** The wrapper and its arguments before the program (`[]` when there is no wall). */
  prefix: readonly string[]
}

/**
 * The Linux wall: a fresh user namespace (so no privilege is needed) holding a fresh network
 * namespace, which has only a `lo` that is down: no interface, no route, so every `connect` to
 * anything fails in the kernel with ENETUNREACH (user_namespaces(7), network_namespaces(7)).
 * unshare(1) execs the program in place (no shell, no fork), so its pid, stdio and an IPC
 * descriptor pass through unchanged. Absolute paths only: a planted `unshare` on PATH would be
 * the program run instead.
 */
const unsharePaths = ['/usr/bin/unshare', '/bin/unshare']
const unshareArgs = ['--user', '--map-root-user', '--net', '--']

/**
 * The macOS wall: Seatbelt's `deny network*` refuses every socket operation towards the network
 * (sandbox-exec(1); deprecated as a command but the profile language is what Apple's own
 * services use, and it is the only unprivileged per-process network switch on macOS).
 */
const sandboxExecPath = '/usr/bin/sandbox-exec'
const seatbeltProfile = '(version 1)(allow default)(deny network*)'

let detected: OsNetworkWall | undefined

/**
 * Which wall this machine gives, probed once by really starting `true` behind it: a kernel may
 * have user namespaces compiled in and still refuse them (sysctls, AppArmor's
 * `apparmor_restrict_unprivileged_userns` on Ubuntu 24.04, a container's seccomp profile).
 */
export function osNetworkWall(): OsNetworkWall {
  detected ??= detect(process.platform)
  return detected
}

function detect(platform: NodeJS.Platform): OsNetworkWall {
  if (turnedOff) return none('The OS network wall is turned off (EARSHOT_OS_WALL=off).')
  if (platform === 'linux') return detectLinux()
  if (platform === 'darwin') return detectMacos()
  return none(
    platform === 'win32'
      ? 'Windows has no unprivileged per-process network switch; media processes rely on the in-process tripwire only.'
      : `No OS network wall is known for ${platform}; media processes rely on the in-process tripwire only.`,
  )
}

function detectLinux(): OsNetworkWall {
  const unshare = unsharePaths.find(isExecutable)
  if (unshare === undefined) {
    return none(
      'unshare (util-linux) is not installed, so media processes cannot get a private network namespace.',
    )
  }
  if (readSysctl('/proc/sys/user/max_user_namespaces') === '0') {
    return none('User namespaces are turned off (user.max_user_namespaces = 0).')
  }
  if (readSysctl('/proc/sys/kernel/unprivileged_userns_clone') === '0') {
    return none(
      'Unprivileged user namespaces are turned off (kernel.unprivileged_userns_clone = 0).',
    )
  }
  const prefix = [unshare, ...unshareArgs]
  const probe = tryRun(prefix, '/bin/true')
  if (probe !== null) return none(`This kernel refused a private network namespace (${probe}).`)
  return {
    kind: 'linux-netns',
    detail:
      'Media processes run in a private network namespace: the kernel gives them no route anywhere.',
    prefix,
  }
}

function detectMacos(): OsNetworkWall {
  if (!isExecutable(sandboxExecPath)) {
    return none('sandbox-exec is missing, so media processes cannot be denied the network.')
  }
  const prefix = [sandboxExecPath, '-p', seatbeltProfile]
  const probe = tryRun(prefix, '/usr/bin/true')
  if (probe !== null) return none(`sandbox-exec refused to start a process (${probe}).`)
  return {
    kind: 'macos-sandbox',
    detail: 'Media processes run under a sandbox profile that denies every network operation.',
    prefix,
  }
}

function none(detail: string): OsNetworkWall {
  return { kind: 'none', detail, prefix: [] }
}

/** Null when `program` ran and exited 0 behind `prefix`; else what went wrong. */
function tryRun(prefix: readonly string[], program: string): string | null {
  const [wrapper, ...args] = prefix
  if (wrapper === undefined) return 'no wrapper'
  const run = pristineSpawnSync(wrapper, [...args, program], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 5_000,
    encoding: 'utf8',
  })
  if (run.error !== undefined) return run.error.message
  if (run.status === 0) return null
  return run.stderr.trim().split('\n').at(-1) ?? `exit ${String(run.status)}`
}

function readSysctl(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return undefined
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * `EARSHOT_OS_WALL=off` turns every OS wall off: the namespace or sandbox wrapper the host puts
 * around media processes (osNetworkWall.ts) and the seccomp filter the workers put on themselves
 * (seccompWall.ts). For a system where a wall breaks something, and for the same-run baselines of
 * bench/osWall.bench.ts. Read once, when this module is first evaluated (the tripwire's imports
 * load it first thing), so code running later cannot turn a wall off by setting `process.env`.
 * The workers get the switch from their host, and only the value `off`: a wall the host turned
 * off is off there too, and Settings says so.
 */
export const OS_WALL_SWITCH = 'EARSHOT_OS_WALL'

const turnedOff = process.env[OS_WALL_SWITCH] === 'off'

export function osWallTurnedOff(): boolean {
  return turnedOff
}

/** What a media process's environment carries of the switch: `off`, or nothing. */
export function osWallSwitchEnv(): NodeJS.ProcessEnv {
  return turnedOff ? { [OS_WALL_SWITCH]: 'off' } : {}
}

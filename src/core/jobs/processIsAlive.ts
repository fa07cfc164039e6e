/**
 * Whether a process with this pid still exists, so work leased by a process that died (a crash, a
 * kill -9) can be taken over: signal 0 checks without sending anything.
 */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the pid exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

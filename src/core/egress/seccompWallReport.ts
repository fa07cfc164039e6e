import { z } from 'zod'

/**
 * What a worker (the whisper worker, the ffmpeg.wasm decoder) says about the seccomp network wall
 * it tried to put on itself at start (seccompWall.ts), in its ready message or outcome:
 * - `installed`: the kernel refuses it every socket but AF_UNIX, for every thread and child;
 * - `failed`: Linux, but the addon did not load or the kernel refused the filter (`detail` says
 *   which); the worker runs without this wall, and says so rather than pretend;
 * - `unavailable`: not Linux, or an architecture the filter is not written for;
 * - `off`: `EARSHOT_OS_WALL=off`.
 */
export const SeccompWallReport = z.object({
  state: z.enum(['installed', 'failed', 'unavailable', 'off']),
  detail: z.string().max(400),
  /** How long `install()` took, in microseconds (installed only). */
  installMicros: z.number().nonnegative().optional(),
})
export type SeccompWallReport = z.infer<typeof SeccompWallReport>

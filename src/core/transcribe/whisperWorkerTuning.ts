import { OS_WALL_SWITCH, osWallSwitchEnv } from '../egress/osWallSwitch'
/**
 * How the whisper worker process is started so its memory stays flat over a long recording
 * (issue 2, benchmark 3). Shared by the Node fork and Electron's utilityProcess, which both take
 * `env` and `execArgv`.
 *
 * Measured here (micro test model, 2 threads, 60 min in 30 windows of 120 s, worker VmHWM):
 * - as before: 359 MB after 6 windows and still climbing (444–462 MB over 60 min). Every window
 *   allocates a fresh whisper_state, ~115 MB (decode compute buffer 94.7 MB: logits for
 *   n_text_ctx × n_vocab; encode 12.1 MB; conv 4 MB) and frees it at the window's end.
 * - `MALLOC_MMAP_THRESHOLD_=131072`: 301 MB. Setting it turns off glibc's dynamic mmap threshold,
 *   which after the first free of a big mmapped block raises itself (up to 32 MB), so later
 *   windows' buffers come from the heap and arenas, fragment, and stay resident. Fixed, every
 *   block over 128 KiB is mmapped and goes back to the system when freed.
 * - plus a full GC after each window (`--expose-gc`, see whisperWorker.ts): 257 MB, flat from the
 *   third window to the 30th. Without it the received windows (7.7 MB Float32Array each) and their
 *   IPC buffers wait for an old-generation GC that a ~10 MB JS heap never triggers by itself.
 * - tried and not kept: `MALLOC_ARENA_MAX=1|2` (280–321 MB; no gain over the threshold and up to
 *   4× slower under load), `--max-semi-space-size=1` (358 MB: the garbage is external memory, not
 *   young-generation objects), a GC per window alone (346 MB, still climbing).
 * The floor is the worker's ~100 MB after loading the model plus one whisper_state and the window.
 */
export const WHISPER_WORKER_EXEC_ARGV: readonly string[] = ['--expose-gc']

/**
 * What the worker may read from the parent's environment. The worker holds the decoded audio, so
 * it gets no variable that loads code or changes where output goes (`LD_PRELOAD`, `DYLD_*`,
 * `NODE_OPTIONS --require`, `NODE_PATH`, proxies): only where temporary files go (tsx's compile
 * cache), the home folder, the search path, and Windows' `SystemRoot` for system DLLs.
 */
const WHISPER_WORKER_ENV_KEPT = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'SystemRoot'] as const

/** Every name `whisperWorkerEnv` may return: what Electron's fork guard lets through. */
export const WHISPER_WORKER_ENV_NAMES: readonly string[] = [
  ...WHISPER_WORKER_ENV_KEPT,
  'MALLOC_MMAP_THRESHOLD_',
  OS_WALL_SWITCH,
]

/**
 * The kept variables above plus the allocator setting (glibc only; others ignore it), and
 * `EARSHOT_OS_WALL=off` when the host's walls are off (osWallSwitch.ts).
 */
export function whisperWorkerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {}
  for (const name of WHISPER_WORKER_ENV_KEPT) {
    const value = env[name]
    if (value !== undefined) kept[name] = value
  }
  return { ...kept, MALLOC_MMAP_THRESHOLD_: '131072', ...osWallSwitchEnv() }
}

/**
 * The ffmpeg.wasm worker thread's script, beside this module (the built app copies it next to its
 * bundle). Its own module so that entry points can name it in the tripwire's worker allowlist
 * before anything else loads.
 */
export const wasmFfmpegWorkerUrl = new URL('./wasmFfmpegWorker.mjs', import.meta.url)

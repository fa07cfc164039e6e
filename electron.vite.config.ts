import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

/**
 * The ffmpeg.wasm worker thread is plain JavaScript loaded by URL beside the module that starts it
 * (src/core/media/WasmFfmpeg.ts), so the main bundle needs the file next to it, as it is.
 */
function copyWasmFfmpegWorker(): Plugin {
  const source = resolve(__dirname, 'src/core/media/wasmFfmpegWorker.mjs')
  return {
    name: 'earshot-copy-wasm-ffmpeg-worker',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'wasmFfmpegWorker.mjs',
        source: readFileSync(source, 'utf8'),
      })
    },
  }
}

export default defineConfig({
  main: {
    plugins: [copyWasmFfmpegWorker()],
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // Its own entry so that index.js imports it as a module of its own, evaluated before any
          // dependency (zod, better-sqlite3, Amplitude's SDK): inlined, its install call would run
          // only after every import of the bundle (issue 9).
          tripwireFirst: resolve(__dirname, 'src/main/tripwireFirst.ts'),
          // The transcription worker runs as its own utility process (src/main/forkUtilityWhisperWorker.ts).
          whisperWorker: resolve(__dirname, 'src/core/transcribe/whisperWorker.ts'),
          // Preloaded into every worker thread the tripwire lets start (src/core/egress/guardWorkers.ts).
          workerTripwire: resolve(__dirname, 'src/core/egress/workerTripwireFirst.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads cannot `require` ESM; emit CommonJS (Electron docs: "Using ESM in sandboxed preloads" is unsupported).
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
  },
})

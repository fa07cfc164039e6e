import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
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
          // The ffmpeg.wasm decoder, a utility process of its own (src/main/forkUtilityWasmDecoder.ts).
          wasmDecoder: resolve(__dirname, 'src/core/media/wasmDecoder.ts'),
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

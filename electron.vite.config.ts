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
        output: {
          // The seccomp wall the two workers put up first thing (src/core/egress/seccompWallFirst.ts)
          // in a chunk of its own, over one that imports only Node's builtins: left in the
          // tripwire's chunk, it would run only after every module there was evaluated. Two chunks,
          // because the app's main process shares the second (osWallSwitch, expectedSeccompWall)
          // and must never evaluate the first: that would wall the main process itself.
          manualChunks: (id: string) =>
            /src[\\/]core[\\/]egress[\\/]seccompWallFirst\.ts$/.test(id)
              ? 'seccompWallFirst'
              : /src[\\/]core[\\/]egress[\\/](seccompWall|osWallSwitch)\.ts$/.test(id)
                ? 'seccompWall'
                : undefined,
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

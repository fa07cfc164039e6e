import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    // Native addons (better-sqlite3, the whisper worker) are safest in child processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
    // Every test worker runs with the network closed but for loopback (DESIGN.md §5).
    setupFiles: ['test/support/tripwireSetup.ts'],
  },
})

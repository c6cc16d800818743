import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/harness/global-setup.ts'],
    // PGlite and the schema engine are WebAssembly: separate processes keep
    // their memory apart and let a file's app shut down cleanly.
    pool: 'forks',
    testTimeout: 30_000,
    // Waiting for a signal (expect.poll) is bounded only so a broken test fails instead of hanging:
    // not a measure of speed, which a shared 2-core machine cannot promise (that is `npm run bench`).
    expect: { poll: { timeout: 20_000 } },
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

/** Browser tests: the built server and app, a real database, Debian's chromium. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    // No browser: one sentence saying what to install, before any test starts.
    globalSetup: ['@certhub/e2e-support/global-setup'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest-e2e.json' }]],
  },
});

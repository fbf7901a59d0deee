import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each file gets its own database; PostgreSQL databases are created per file, so files can
    // run in parallel on both engines.
    pool: 'forks',
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    hookTimeout: 60_000,
  },
});

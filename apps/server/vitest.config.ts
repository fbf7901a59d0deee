import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports": Node loads its CommonJS build for type-graphql and Apollo, so the
    // tests must load the same file, or schema objects fail graphql's "another realm" checks.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['src/**/*.test.ts'],
    // What main.ts and cli.ts load first: type-graphql's decorators need it before any entity loads.
    setupFiles: ['reflect-metadata'],
    // Each file gets its own database; PostgreSQL databases are created per file, so files can
    // run in parallel on both engines.
    pool: 'forks',
    // A worker imports the server's module graph once for all its files instead of once per file
    // (about 3 s of a 2-core machine each, 75 files): files share modules, never databases, so none
    // may depend on module state another file set.
    isolate: false,
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    hookTimeout: 60_000,
  },
});

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/** Where the browser tests that passed only on a retry are listed, beside vitest's JSON report. */
export const RETRIED_REPORT = 'test-results/retried-e2e.json';

/**
 * Lists the tests that passed only after a retry, with the error each first attempt ended on, so a
 * retry hides nothing: CI's closing summary (scripts/test-summary.mjs) names them.
 */
class RetriedTestsReporter {
  /** @type {string} */
  root = process.cwd();
  /** @type {Array<{ file: string, test: string, retries: number, errors: string[] }>} */
  retried = [];

  /** @param {import('vitest/node').Vitest} vitest */
  onInit(vitest) {
    this.root = vitest.config.root;
  }

  /** @param {import('vitest/node').TestCase} testCase */
  onTestCaseResult(testCase) {
    const retries = testCase.diagnostic()?.retryCount ?? 0;
    if (retries === 0 || testCase.result().state !== 'passed') return;
    this.retried.push({
      file: testCase.module.moduleId,
      test: testCase.fullName,
      retries,
      errors: (testCase.result().errors ?? []).map((error) => error.message),
    });
  }

  onTestRunEnd() {
    const file = path.resolve(this.root, RETRIED_REPORT);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(this.retried, null, 2)}\n`);
  }
}

/**
 * Vitest's configuration of a web app's browser tests: the built server and app on a fresh database,
 * Debian's chromium, one file at a time. A browser test that fails is run once more: a real browser
 * on a busy 2-core machine misses a deadline now and then where the product did nothing wrong
 * (a test that fails twice still fails the run), and every retry is reported by name.
 */
export function browserTestConfig() {
  return defineConfig({
    test: {
      include: ['e2e/**/*.test.ts'],
      environment: 'node',
      // No browser: one sentence saying what to install, before any test starts.
      globalSetup: ['@certhub/e2e-support/global-setup'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
      retry: 1,
      reporters: ['default', ['json', { outputFile: 'test-results/vitest-e2e.json' }], new RetriedTestsReporter()],
    },
  });
}

// Adds up the vitest JSON reports of every package into one closing line: "<label>: N passed, N failed",
// after naming each failed test, so the tail of a CI log says what broke and not only that something did,
// and each browser test that passed only on its retry (packages/e2e-support/src/browser-test-config.js).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const label = process.argv[2] ?? 'tests';
const root = path.resolve(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const retried = [];
for (const group of ['apps', 'packages']) {
  for (const name of readdirSync(path.join(root, group))) {
    const folder = path.join(root, group, name, 'test-results');
    if (!existsSync(folder)) continue;
    const reports = readdirSync(folder).filter((file) => file.endsWith('.json'));
    for (const report of reports.filter((file) => file.startsWith('retried'))) {
      retried.push(...JSON.parse(readFileSync(path.join(folder, report), 'utf8')));
    }
    // One report per vitest run of the package (unit tests, browser tests…).
    for (const report of reports.filter((file) => file.startsWith('vitest'))) {
      const results = JSON.parse(readFileSync(path.join(folder, report), 'utf8'));
      passed += results.numPassedTests;
      failed += results.numFailedTests;
      skipped += results.numPendingTests + (results.numTodoTests ?? 0);
      for (const file of results.testResults ?? []) {
        const where = path.relative(root, file.name);
        const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
        for (const test of failedTests) failures.push({ where, test: test.fullName, why: test.failureMessages?.[0] });
        // A file that failed before any test ran (import error, hook timeout) has no failed test to name.
        if (file.status === 'failed' && failedTests.length === 0) failures.push({ where, test: '(the file)', why: file.message });
      }
    }
  }
}
const printFirstLines = (text) => {
  const firstLines = String(text ?? '')
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, 6);
  for (const line of firstLines) console.log(`    ${line.slice(0, 300)}`);
};
for (const { file, test, retries, errors } of retried) {
  console.log(`PASSED ON RETRY ${retries} ${path.relative(root, file)} > ${test}`);
  for (const error of errors) printFirstLines(error);
}
for (const { where, test, why } of failures) {
  console.log(`FAILED ${where} > ${test}`);
  printFirstLines(why);
}
const retriedNote = retried.length ? `, ${retried.length} passed on retry` : '';
console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${retriedNote}`);
process.exit(failed > 0 || failures.length > 0 || passed === 0 ? 1 : 0);

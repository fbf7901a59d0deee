// Adds up the vitest JSON reports of every package into one closing line: "<label>: N passed, N failed",
// after naming each failed test, so the tail of a CI log says what broke and not only that something did.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const label = process.argv[2] ?? 'tests';
const root = path.resolve(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const group of ['apps', 'packages']) {
  for (const name of readdirSync(path.join(root, group))) {
    const folder = path.join(root, group, name, 'test-results');
    if (!existsSync(folder)) continue;
    // One report per vitest run of the package (unit tests, browser tests…).
    for (const report of readdirSync(folder).filter((file) => file.endsWith('.json'))) {
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
for (const { where, test, why } of failures) {
  console.log(`FAILED ${where} > ${test}`);
  const firstLines = String(why ?? '').split('\n').filter((line) => line.trim()).slice(0, 6);
  for (const line of firstLines) console.log(`    ${line.slice(0, 300)}`);
}
console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || failures.length > 0 || passed === 0 ? 1 : 0);

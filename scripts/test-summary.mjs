// Adds up the vitest JSON reports of every package into one closing line: "<label>: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const label = process.argv[2] ?? 'tests';
const root = path.resolve(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
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
    }
  }
}
console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

import { missingChromium } from './chromium.js';

/**
 * Vitest global setup of the browser tests: without a browser, say so in one sentence and stop.
 * A thrown error would be printed by vitest with its stack and vitest's own frames around it, so
 * the sentence goes to stderr and the run exits 1 before any test file is loaded.
 */
export default function checkChromium(): void {
  const problem = missingChromium();
  if (!problem) return;
  console.error(problem);
  process.exit(1);
}

import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { missingChromium } from '@certhub/e2e-support/chromium';
import { afterAll, describe, expect, it } from 'vitest';

const APP = fileURLToPath(new URL('..', import.meta.url));
const VITEST = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

describe('the browser tests without a browser', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'certhub-no-chromium-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  // Skipped in the run below, should its setup let it through (so it never runs itself again).
  const browserHere = missingChromium() === undefined;

  it.runIf(browserHere)('stop before any test with one sentence: the path, the variable, the install commands', async () => {
    const missing = path.join(scratch, 'chromium');
    // This very config as `npm test` runs it, on this file: a setup that let the run go on would
    // end in test results instead of the sentence (vitest looks for files before its setup runs).
    const run = await promisify(execFile)(
      process.execPath,
      [VITEST, 'run', '--config', 'vitest.e2e.config.ts', 'e2e/missing-browser'],
      {
        cwd: APP,
        env: { ...withoutVitestVariables(process.env), CHROMIUM_PATH: missing, NO_COLOR: '1', FORCE_COLOR: '0' },
      },
    ).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );

    const sentence = missingChromium({ CHROMIUM_PATH: missing });
    expect(sentence).toContain(`there is none at ${missing} (CHROMIUM_PATH)`);
    expect(sentence).toContain('sudo apt-get install chromium');
    expect(sentence).toContain('brew install --cask google-chrome');
    expect(run.code).toBe(1);
    // Only vitest's banner besides the sentence: no stack trace, no "Error", no vitest frames.
    const lines = run.output.split('\n').map((line) => line.trim());
    expect(lines.filter((line) => line && !line.startsWith('RUN '))).toEqual([sentence]);
  });

  it('count a file that cannot run, or a folder, as missing, and an executable as there', () => {
    const notExecutable = path.join(scratch, 'not-executable');
    writeFileSync(notExecutable, '');
    chmodSync(notExecutable, 0o644);
    expect(missingChromium({ CHROMIUM_PATH: notExecutable })).toContain(`none at ${notExecutable} (CHROMIUM_PATH)`);
    expect(missingChromium({ CHROMIUM_PATH: scratch })).toContain(`none at ${scratch} (CHROMIUM_PATH)`);
    expect(missingChromium({ CHROMIUM_PATH: process.execPath })).toBeUndefined();
  });
});

/** The child is a run of its own, not a worker of this one. */
function withoutVitestVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('VITEST') && name !== 'TEST'));
}

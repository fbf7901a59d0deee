import { accessSync, constants, statSync } from 'node:fs';

/** The variable that points the browser tests at a Chromium (or Google Chrome) executable. */
export const CHROMIUM_PATH_VARIABLE = 'CHROMIUM_PATH';

/** Where Debian's `apt-get install chromium` puts it, and so where CI finds it. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The executable the browser tests drive: CHROMIUM_PATH when set, else Debian's chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[CHROMIUM_PATH_VARIABLE] || DEFAULT_CHROMIUM_PATH;
}

/**
 * The one sentence a run without a browser prints, or undefined when the executable is there.
 * Checked before any browser test starts, so a first run says what to install instead of ending
 * in a playwright stack trace from every suite.
 */
export function missingChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const executable = chromiumPath(env);
  if (isExecutableFile(executable)) return undefined;
  const where = env[CHROMIUM_PATH_VARIABLE] ? `${executable} (${CHROMIUM_PATH_VARIABLE})` : executable;
  return (
    `The browser tests need Chromium and there is none at ${where}: install it ` +
    `(Debian: sudo apt-get install chromium; Ubuntu: Google Chrome's .deb; macOS: brew install --cask google-chrome) ` +
    `and, if it is not at ${DEFAULT_CHROMIUM_PATH}, set ${CHROMIUM_PATH_VARIABLE} to its executable ` +
    `(such as /usr/bin/google-chrome or "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome").`
  );
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

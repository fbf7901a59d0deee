import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The benchmark runs compiled, from tools/bench/dist/: everything it needs is found from there.
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// The server as operators run it: the built `main.js` of @certhub/server, resolved, never imported (that would start it).
export const SERVER_MAIN = fileURLToPath(import.meta.resolve('@certhub/server/main'));
/**
 * The Node flags and environment the server runs with, taken from the command `npm start` runs it
 * with (the root package.json's `serve` script), so the benchmarks measure the server under the
 * memory budget it is deployed with (`--max-old-space-size`, `MALLOC_ARENA_MAX`, docs/deployment.md).
 */
export const { nodeFlags: SERVER_NODE_FLAGS, env: SERVER_ENV } = servedCommand();
export const CEILING_SERVER = fileURLToPath(new URL('./ceiling-server.js', import.meta.url));
export const REFERENCE_SERVER = fileURLToPath(new URL('./reference-server.js', import.meta.url));
export const IMPORT_CATALOG = fileURLToPath(new URL('./import-catalog.js', import.meta.url));
export const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));
export const RESULTS_FOLDER = path.join(REPO_ROOT, 'bench-results');

/** `NAME=value … node <flags> apps/server/dist/main.js`: the assignments before `node`, the flags after it. */
function servedCommand(): { nodeFlags: string[]; env: Record<string, string> } {
  const { scripts } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const command = scripts.serve?.split('&&').find((part) => part.includes('apps/server/dist/main.js'));
  if (!command) throw new Error('The root package.json has no serve script that runs apps/server/dist/main.js.');
  const words = command.trim().split(/\s+/);
  const node = words.indexOf('node');
  const assignments = words.slice(0, node).map((word) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(word));
  if (assignments.some((assignment) => !assignment)) throw new Error(`The serve script runs something before node: ${command}`);
  return {
    nodeFlags: words.slice(node + 1, words.indexOf('apps/server/dist/main.js')),
    env: Object.fromEntries(assignments.map((assignment) => [assignment?.[1], assignment?.[2]])),
  };
}

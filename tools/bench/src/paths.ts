import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The benchmark runs compiled, from tools/bench/dist/: everything it needs is found from there.
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// The server as operators run it: the built `main.js` of @certhub/server, resolved, never imported (that would start it).
export const SERVER_MAIN = fileURLToPath(import.meta.resolve('@certhub/server/main'));
export const CEILING_SERVER = fileURLToPath(new URL('./ceiling-server.js', import.meta.url));
export const REFERENCE_SERVER = fileURLToPath(new URL('./reference-server.js', import.meta.url));
export const IMPORT_CATALOG = fileURLToPath(new URL('./import-catalog.js', import.meta.url));
export const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));
export const RESULTS_FOLDER = path.join(REPO_ROOT, 'bench-results');

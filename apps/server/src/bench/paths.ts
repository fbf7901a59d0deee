import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The benchmark runs compiled, from apps/server/dist/bench/: everything it needs is found from there.
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const SERVER_MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
export const CEILING_SERVER = fileURLToPath(new URL('./ceiling-server.js', import.meta.url));
export const LOAD_GENERATOR = fileURLToPath(new URL('./load-generator.js', import.meta.url));
export const RESULTS_FOLDER = path.join(REPO_ROOT, 'bench-results');

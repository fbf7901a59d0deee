import { fileURLToPath } from 'node:url';
import { buildCertHubSchema } from './build-schema.js';

/** Writes apps/server/schema.graphql, the committed contract the web apps' codegen reads. */
const target = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
await buildCertHubSchema(target);

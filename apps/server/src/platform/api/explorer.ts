import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { precompressedStatic } from '../web-app.js';
import { EXPLORER_CONTENT_SECURITY_POLICY } from './security-headers.js';

/**
 * The in-browser explorer (GraphiQL, bundled by apps/explorer: nothing from a CDN) at `/graphql`:
 * its assets under `/graphql/assets/`, and its page for a `GET /graphql` from a browser (a request
 * that prefers HTML and carries no `query`). Every other request to `/graphql` is GraphQL.
 */
export function explorerRouter(distFolder: string): Router | null {
  const indexFile = path.join(distFolder, 'index.html');
  if (!existsSync(indexFile)) return null;
  const router = express.Router();
  router.use(
    '/graphql/assets',
    precompressedStatic(path.join(distFolder, 'assets'), {
      fallthrough: false,
      setHeaders: (response) => {
        response.setHeader('cache-control', 'public, max-age=31536000, immutable');
        // A worker runs under the policy its script is served with.
        response.setHeader('content-security-policy', EXPLORER_CONTENT_SECURITY_POLICY);
      },
    }),
  );
  router.get('/graphql', (request, response, next) => {
    if (request.query.query !== undefined) return next();
    if (request.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html') return next();
    response.setHeader('cache-control', 'no-cache');
    response.setHeader('content-security-policy', EXPLORER_CONTENT_SECURITY_POLICY);
    response.sendFile(indexFile);
  });
  return router;
}

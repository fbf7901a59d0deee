import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * Serves a built single-page app under `mountPath`: its hashed assets cached for a year, and its
 * `index.html` (never cached) for every other GET that asks for a page, so deep links work on reload.
 */
export function webAppRouter(mountPath: string, distFolder: string): Router | null {
  const indexFile = path.join(distFolder, 'index.html');
  if (!existsSync(indexFile)) return null;
  const router = express.Router();
  router.use(
    mountPath,
    express.static(distFolder, {
      index: false,
      setHeaders: (response, file) => {
        const immutable = file.includes(`${path.sep}assets${path.sep}`);
        response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  router.get(mountPath === '/' ? '/{*path}' : `${mountPath}{/*path}`, (request, response, next) => {
    // A missing file (an extension in the last segment) is a 404, not the app.
    if (path.extname(request.path) || !request.accepts('html')) return next();
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(indexFile);
  });
  return router;
}

/** Where the web apps' builds are, beside this package in the workspace. */
export const CATALOG_DIST = new URL('../../../catalog/dist', import.meta.url).pathname;
/** Where a web app's server bundle is (`vite build --ssr`), beside its browser build: never served as a file. */
export function serverEntryOf(distFolder: string): string {
  return path.join(distFolder, '..', 'dist-server', 'entry-server.js');
}

export const ADMIN_DIST = new URL('../../../admin/dist', import.meta.url).pathname;

/** The schema file the build emits (apps/server/schema.graphql). */
export const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url).pathname;

/** The GraphQL explorer's build (apps/explorer), served at `GET /graphql` to browsers. */
export const EXPLORER_DIST = new URL('../../../explorer/dist', import.meta.url).pathname;

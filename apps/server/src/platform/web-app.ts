import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { inlineStylesOf, pageContentSecurityPolicy } from './api/security-headers.js';

/**
 * Serves a built single-page app under `mountPath`: its hashed assets cached for a year, and its
 * `index.html` (never cached) for every other GET that asks for a page, so deep links work on reload.
 * Files come precompressed (`precompressedStatic`); what has no copy is compressed as it goes out.
 */
export function webAppRouter(mountPath: string, distFolder: string): Router | null {
  const indexFile = path.join(distFolder, 'index.html');
  if (!existsSync(indexFile)) return null;
  // Its inline stylesheet (the public site's, when it is served without its server bundle) allowed
  // by its hash, as on the server-rendered pages: without it the page would show unstyled.
  const policy = pageContentSecurityPolicy(inlineStylesOf(readFileSync(indexFile, 'utf8')));
  const router = express.Router();
  const files = precompressedStatic(distFolder, BUILT_FILES);
  router.use(mountPath, files);
  router.get(mountPath === '/' ? '/{*path}' : `${mountPath}{/*path}`, (request, response, next) => {
    // A missing file (an extension in the last segment) is a 404, not the app.
    if (path.extname(request.path) || !request.accepts('html')) return next();
    // `index.html` as a file of the build: its precompressed copies, a weak ETag and 304s, `no-cache`.
    response.setHeader('content-security-policy', policy);
    request.url = '/index.html';
    files(request, response, next);
  });
  return router;
}

/** Response headers that only a page (a document) acts on: a script or style sheet has no use for them. */
const PAGE_ONLY_HEADERS = ['content-security-policy', 'referrer-policy'];

/**
 * The headers of a file of a web app's build (`serveStatic`'s `setHeaders`). Hashed assets
 * (`assets/`, a new name for new content) are cached for a year and never revalidated; anything
 * else (`index.html`) is revalidated on each use. An asset goes out without the headers only a
 * page acts on (the security headers every answer starts with, `setSecurityHeaders`): a first
 * visit fetches several of them at once, where each header line costs bytes on a slow link. The
 * page's policy governs the scripts it loads, and the referrer policy dropped is the browsers'
 * default. `nosniff` stays: a script is only run as the type it was sent as.
 */
function setBuiltFileHeaders(response: ServerResponse, file: string): void {
  if (!file.includes(`${path.sep}assets${path.sep}`)) {
    response.setHeader('cache-control', 'no-cache');
    return;
  }
  response.setHeader('cache-control', 'public, max-age=31536000, immutable');
  for (const name of PAGE_ONLY_HEADERS) response.removeHeader(name);
}

/**
 * How a web app's build is served (`precompressedStatic`): its headers as above, and none of
 * `Last-Modified` (the ETag revalidates) or `Accept-Ranges` (no one resumes a script).
 */
export const BUILT_FILES = { setHeaders: setBuiltFileHeaders, lastModified: false, acceptRanges: false } as const;

/**
 * The files of a web app's build, with the brotli (`.br`) and gzip (`.gz`) copies its build made:
 * the best one the client accepts is sent, brotli first, with `Vary: Accept-Encoding`, each copy
 * with its own weak ETag (of its own size and time).
 */
export function precompressedStatic(
  folder: string,
  options: NonNullable<expressStaticGzip.ExpressStaticGzipOptions['serveStatic']>,
): RequestHandler {
  const serve = expressStaticGzip(folder, {
    index: false,
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    serveStatic: { index: false, ...options },
  });
  return (request, response, next) => {
    // An undecodable path is Express's to refuse (a 400 in the API's words, client-errors.ts), not the library's plain text.
    try {
      decodeURIComponent(request.path);
    } catch {
      return next();
    }
    serve(request, response, next);
  };
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

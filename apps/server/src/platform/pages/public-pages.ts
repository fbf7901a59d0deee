import path from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { splitLocalePath } from '@certhub/domain/i18n/locales';
import type { PageRenderer } from '@certhub/domain/page-rendering';
import express, { type Router } from 'express';
import type { Context, Services } from '../../context.js';
import { clientAddress, type ProxyTrust } from '../api/client-address.js';
import { requestLocals } from '../api/request-log.js';
import type { ResponseCache } from '../api/response-cache.js';
import { BUILT_FILES, precompressedStatic } from '../web-app.js';
import { type PageTemplate, pageExecution } from './page-renderer.js';
import { robotsTxt, sitemapXml } from './site-index.js';

/** Paths without an extension that are not pages of the public site (the API, the console, operations). */
const NOT_PAGES = ['/graphql', '/admin', '/healthz', '/readyz', '/metrics'];
const SITE_INDEX = ['/sitemap.xml', '/robots.txt'];
/** Pages of one visitor's link (a watcher email's token in the query), in every language: rendered, never kept. */
const ONE_VISITOR_PAGES = ['/watch/'];

/** Whether a GET of this URL (path and query) is answered by `publicPagesRouter`: what the response cache may keep of it. */
export function isPublicPageUrl(url: string): boolean {
  const pathname = url.split('?', 1)[0] as string;
  if (SITE_INDEX.includes(pathname)) return true;
  if (path.posix.extname(pathname)) return false;
  return !NOT_PAGES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** Whether a page of the public site (`isPublicPageUrl`) may be kept by the response cache: not the pages of one visitor's link. */
export function isKeptPageUrl(url: string): boolean {
  return isPublicPageUrl(url) && !isOneVisitorPage(url);
}

function isOneVisitorPage(url: string): boolean {
  const { path: pathname } = splitLocalePath(url.split('?', 1)[0] as string);
  return ONE_VISITOR_PAGES.some((prefix) => pathname.startsWith(prefix));
}

export interface PublicPagesOptions {
  distFolder: string;
  render: PageRenderer;
  template: PageTemplate;
  apollo: ApolloServer<Context>;
  services: Services;
  responseCache: ResponseCache;
  /** The site's public address (PUBLIC_URL): canonical links, the sitemap. */
  publicUrl: string;
  trustProxy: ProxyTrust;
}

/**
 * The public site, rendered on the server: each page is the app rendered for its URL with the data
 * its queries read (as an anonymous visitor), the data embedded for the browser to hydrate from.
 * Pages, the sitemap and robots.txt go through the response cache (`sendPage`): a strong ETag,
 * 304s, and kept in memory under the catalogue revision, so a change shows on the next request.
 * The browser build's files are served as the build compressed them (brotli and gzip at their
 * best, once), hashed assets cached for a year.
 */
export function publicPagesRouter(options: PublicPagesOptions): Router {
  const { distFolder, render, template, apollo, services, responseCache, publicUrl, trustProxy } = options;
  const router = express.Router();
  router.use(precompressedStatic(distFolder, BUILT_FILES));
  router.get('/sitemap.xml', async (request, response, next) => {
    try {
      const body = await sitemapXml(services, publicUrl);
      responseCache.sendPage(request, response, {
        status: 200,
        contentType: 'application/xml; charset=utf-8',
        body,
        shareable: true,
      });
    } catch (error) {
      next(error);
    }
  });
  router.get('/robots.txt', (request, response) => {
    const body = robotsTxt(publicUrl);
    responseCache.sendPage(request, response, { status: 200, contentType: 'text/plain; charset=utf-8', body, shareable: true });
  });
  router.get('/{*path}', async (request, response, next) => {
    // A missing file (an extension in the last segment) is a 404, not a page; so is a request for no HTML.
    if (!isPublicPageUrl(request.originalUrl) || !request.accepts('html')) return next();
    try {
      const execution = await pageExecution(apollo, services, {
        requestId: requestLocals(response).requestId,
        ip: clientAddress(request, trustProxy),
        userAgent: request.get('user-agent') ?? null,
      });
      const page = await render({ url: request.originalUrl, origin: publicUrl, execute: execution.execute });
      const complete = execution.shareable();
      responseCache.sendPage(request, response, {
        // A page whose data could not all be read shows that it could not; it is not one to keep or index.
        status: complete ? page.status : 503,
        contentType: 'text/html; charset=utf-8',
        body: template.fill(page),
        // A page of one visitor's link goes out `no-store`: no cache keeps a copy per token.
        shareable: complete && !isOneVisitorPage(request.originalUrl),
        securityHeaderLines: template.securityHeaderLines,
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}

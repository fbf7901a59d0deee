import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ApolloServer } from '@apollo/server';
import type { PageRenderer, PageRenderRequest, RenderedPage } from '@certhub/domain/page-rendering';
import { type Context, createContext, type Services } from '../../context.js';
import type { RequestInfo } from '../../shared/request-context.js';
import { anonymousClient } from '../api/api-client.js';
import { inlineStylesOf, pageContentSecurityPolicy, securityHeaderLines } from '../api/security-headers.js';

/** The public site's server bundle (`vite build --ssr`), beside its browser build; null when it was not built. */
export async function loadPageRenderer(entryFile: string): Promise<PageRenderer | null> {
  if (!existsSync(entryFile)) return null;
  const bundle = (await import(pathToFileURL(entryFile).href)) as { render: PageRenderer };
  return bundle.render;
}

/** The browser build's `index.html`, cut where the server puts a page's head, body and data. */
export interface PageTemplate {
  fill(page: Omit<RenderedPage, 'status'>): string;
  /** The security headers of its pages: a policy that allows the template's inline styles (the site's stylesheet) by their hashes. */
  securityHeaderLines: readonly string[];
}

/** Where the page goes in the built index.html: its head, body and data; its language replaces the template's. */
const SLOTS = ['<!--page-head-->', '<!--page-body-->', '<!--page-state-->'] as const;
const HTML_LANG = /<html lang="[^"]*"/;

export function readPageTemplate(indexFile: string): PageTemplate {
  const html = readFileSync(indexFile, 'utf8');
  const lang = HTML_LANG.exec(html);
  if (!lang) throw new Error("The public site's index.html has no <html lang>: rebuild apps/catalog.");
  const beforeLang = `${html.slice(0, lang.index)}<html lang="`;
  const [beforeHead, beforeBody, beforeState, rest] = splitAt(html.slice(lang.index + lang[0].length), SLOTS);
  return {
    fill: (page) =>
      `${beforeLang}${page.lang}"${beforeHead}${page.head}${beforeBody}${page.body}${beforeState}${page.state}${rest}`,
    securityHeaderLines: securityHeaderLines(pageContentSecurityPolicy(inlineStylesOf(html))),
  };
}

function splitAt(text: string, markers: readonly string[]): string[] {
  const parts: string[] = [];
  let rest = text;
  for (const marker of markers) {
    const at = rest.indexOf(marker);
    if (at < 0) throw new Error(`The public site's index.html has no ${marker}: rebuild apps/catalog.`);
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + marker.length);
  }
  return [...parts, rest];
}

/** What a render learnt of the operations it ran: whether its page may be kept and shared. */
export interface PageExecution {
  execute: PageRenderRequest['execute'];
  /** Every operation answered without errors, and none with an answer for one visitor only. */
  shareable(): boolean;
}

/**
 * Runs a page's operations in this process through Apollo Server, as an anonymous visitor's
 * GraphQL request from `requestInfo`'s address: the same schema, validation, operation limits,
 * cost and budget (apiPlugin), error formatting and loaders. No HTTP round trip, and no way to see
 * more than the public: there is no session, no API key.
 */
export async function pageExecution(
  apollo: ApolloServer<Context>,
  services: Services,
  requestInfo: RequestInfo,
): Promise<PageExecution> {
  // One context for the whole render: its loaders batch and share what the page's queries read.
  const context = await createContext(services, {
    request: requestInfo,
    sessionToken: undefined,
    sessionCookie: { set: refuseCookie, clear: refuseCookie },
    client: anonymousClient(requestInfo.ip),
  });
  let shareable = true;
  return {
    async execute({ query, variables, operationName }) {
      const response = await apollo.executeOperation<Record<string, unknown>>(
        { query, variables, operationName: operationName ?? undefined },
        { contextValue: context },
      );
      if (response.body.kind !== 'single') throw new Error('A page asked for an incremental (@defer) answer.');
      const result = response.body.singleResult;
      // The response cache's plugin marks what it would not share (errors, a private answer) no-store.
      if (result.errors?.length || response.http.headers.get('cache-control')?.includes('no-store')) shareable = false;
      return result;
    },
    shareable: () => shareable,
  };
}

function refuseCookie(): never {
  throw new Error('A server-rendered page has no session: it cannot set a cookie.');
}

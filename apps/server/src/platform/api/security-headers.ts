import { hash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** The directives both policies share, in the order they are sent. */
const BASE_DIRECTIVES = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

function contentSecurityPolicy(overrides: Partial<Record<keyof typeof BASE_DIRECTIVES, string>> = {}): string {
  return Object.entries({ ...BASE_DIRECTIVES, ...overrides })
    .map(([directive, sources]) => `${directive} ${sources}`)
    .join('; ');
}

/**
 * The Content-Security-Policy of the product's pages (the public site, the /api page, the admin
 * console) and of everything else the server answers. The apps' builds have no inline script, and
 * no inline style but the public site's own stylesheet (`pageContentSecurityPolicy`): every script
 * is a file from this origin, so neither needs `unsafe-inline`, and markup an attacker got into the
 * page could run nothing. `connect-src 'self'` covers the
 * page's own `/graphql`, and its websocket too (CSP Level 3 matches ws:/wss: to the page's host).
 * The favicons are `data:` images.
 */
export const APP_CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** A built page's inline stylesheets (`inlineStylesheet` in apps/catalog's vite.config.ts): the texts their hashes are taken of. */
export function inlineStylesOf(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, text = '']) => text);
}

/**
 * The policy of the public site's pages: the apps' one, with each inline style of their template
 * (the site's stylesheet, `<style>` in the built index.html so that no request holds up the first
 * paint) allowed by the hash of its text. Any other inline style is still refused.
 */
export function pageContentSecurityPolicy(inlineStyles: readonly string[]): string {
  if (inlineStyles.length === 0) return APP_CONTENT_SECURITY_POLICY;
  const hashes = inlineStyles.map((style) => `'sha256-${hash('sha256', style, 'base64')}'`);
  return contentSecurityPolicy({ 'style-src': ["'self'", ...new Set(hashes)].join(' ') });
}

/**
 * The explorer's (GraphiQL at `GET /graphql`): as the apps', except that its editor (Monaco) adds
 * `<style>` elements and `style` attributes as it runs, so styles need `unsafe-inline` (scripts
 * still do not), and loads its icon font as `data:`. Its workers are files from this origin.
 */
export const EXPLORER_CONTENT_SECURITY_POLICY = contentSecurityPolicy({
  'style-src': "'self' 'unsafe-inline'",
  'font-src': "'self' data:",
});

/**
 * Headers on every answer, pages and API alike (set before the response cache or Express answer):
 * the pages' policy, no MIME sniffing (a JSON or CSV answer is never run as a script or page),
 * and only the origin, never the path, in the Referer sent to other sites.
 */
export function setSecurityHeaders(response: ServerResponse): void {
  for (let index = 0; index < SECURITY_HEADER_LINES.length; index += 2) {
    response.setHeader(SECURITY_HEADER_LINES[index] as string, SECURITY_HEADER_LINES[index + 1] as string);
  }
}

/** The security headers as name, value, name, value…, with `policy`: what the response cache writes with its answer in one go. */
export function securityHeaderLines(policy: string): readonly string[] {
  return Object.freeze([
    'content-security-policy',
    policy,
    'x-content-type-options',
    'nosniff',
    'referrer-policy',
    'strict-origin-when-cross-origin',
  ]);
}

/** The headers `setSecurityHeaders` sets, as lines. */
export const SECURITY_HEADER_LINES = securityHeaderLines(APP_CONTENT_SECURITY_POLICY);

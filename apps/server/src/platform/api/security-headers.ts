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
 * console) and of everything else the server answers. The apps' builds have no inline script or
 * style: every script and style sheet is a file from this origin, so neither needs `unsafe-inline`,
 * and markup an attacker got into the page could run nothing. `connect-src 'self'` covers the
 * page's own `/graphql`, and its websocket too (CSP Level 3 matches ws:/wss: to the page's host).
 * The favicons are `data:` images.
 */
export const APP_CONTENT_SECURITY_POLICY = contentSecurityPolicy();

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

/** The same headers as name, value, name, value…: what the response cache writes with its answer in one go. */
export const SECURITY_HEADER_LINES: readonly string[] = Object.freeze([
  'content-security-policy',
  APP_CONTENT_SECURITY_POLICY,
  'x-content-type-options',
  'nosniff',
  'referrer-policy',
  'strict-origin-when-cross-origin',
]);

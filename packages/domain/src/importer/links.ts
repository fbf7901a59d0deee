import type { CatalogProgram } from '../catalog.js';
import { isCatalogLink } from '../link.js';

/** Where the "How to Join" page is published; its relative links are relative to this. */
export const DEFAULT_PAGE_BASE_URL = 'https://learn.microsoft.com/en-us/skypeforbusiness/certification/how-to-join';

/**
 * The programs with relative spec and lab links (`test-spec.md`) made absolute against the page's
 * public address, as a reader's browser would follow them. Absolute links are kept as written.
 */
export function resolveCatalogLinks(
  programs: readonly CatalogProgram[],
  baseUrl: string = DEFAULT_PAGE_BASE_URL,
): CatalogProgram[] {
  // A wrong base is a programming error: fail rather than silently keep every link as written.
  // Only a web page's address will do: relative links take its scheme.
  if (!isPageAddress(baseUrl)) throw new TypeError(`Invalid base URL: ${baseUrl}`);
  const resolve = (url: string | null): string | null => (url === null ? null : resolveLink(url, baseUrl));
  return programs.map((program) => ({
    ...program,
    specs: program.specs.map((spec) => ({ ...spec, url: resolve(spec.url) })),
    labs: program.labs.map((lab) => ({ ...lab, url: resolve(lab.url) })),
  }));
}

/** The source file extension the docs site drops from its addresses (`test-spec.md` is served as `test-spec`). */
const DOCS_SOURCE_EXTENSION = /\.md$/i;

/**
 * `url` resolved against `baseUrl` as the docs site publishes its pages: a relative link to another
 * page (`test-spec.md`, `../lync-cert/sbcs-lync-server.md#top`) loses its `.md`, which the site does
 * not serve. A link not even a browser could resolve is kept as written: it stays visible in the
 * catalogue, where an editor can see and fix it, instead of failing the import.
 */
export function resolveLink(url: string, baseUrl: string): string {
  if (URL.canParse(url)) return url;
  if (!URL.canParse(url, baseUrl)) return url;
  const resolved = new URL(url, baseUrl);
  if (resolved.origin === new URL(baseUrl).origin) {
    resolved.pathname = resolved.pathname.replace(DOCS_SOURCE_EXTENSION, '');
  }
  return resolved.href;
}

/** An address relative links can be resolved against: an absolute http(s) one. */
export function isPageAddress(baseUrl: string): boolean {
  return isCatalogLink(baseUrl) && new URL(baseUrl).protocol !== 'mailto:';
}

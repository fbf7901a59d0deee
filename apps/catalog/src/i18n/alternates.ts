import { DEFAULT_LOCALE, LOCALES, type Locale, localePath, splitLocalePath } from '@certhub/domain/i18n/locales';

/** One `<link rel="alternate" hreflang>` of a page: the same page in a language, or `x-default`. */
export interface AlternateLink {
  hreflang: Locale | 'x-default';
  href: string;
}

/**
 * The page at `url` (path and query, in any locale) in every language, absolute on `origin`, with
 * `x-default` on the English one: what search engines read to offer each visitor their language.
 * Made the same way wherever the head is written (server render or browser).
 */
export function alternateLinks(url: string, origin: string): AlternateLink[] {
  const { pathname, search } = new URL(url, origin);
  const { path } = splitLocalePath(pathname);
  const hrefOf = (locale: Locale) => new URL(`${localePath(locale, path)}${search}`, origin).href;
  return [
    ...LOCALES.map((locale) => ({ hreflang: locale, href: hrefOf(locale) })),
    { hreflang: 'x-default' as const, href: hrefOf(DEFAULT_LOCALE) },
  ];
}

/**
 * The same page in `locale`, with its query: where the language switcher leads. Not its fragment,
 * which the server never sees: the link must be the same in the server's HTML and in the browser.
 */
export function switchLocale(location: { pathname: string; search: string }, locale: Locale): string {
  return `${localePath(locale, splitLocalePath(location.pathname).path)}${location.search}`;
}

/**
 * The query without its `token` (a link's secret, such as a watcher email's): the server's HTML
 * never holds it, so the language switcher renders without it until the page has hydrated.
 */
export function withoutToken(search: string): string {
  const query = new URLSearchParams(search);
  if (!query.has('token')) return search;
  query.delete('token');
  const rest = query.toString();
  return rest ? `?${rest}` : '';
}

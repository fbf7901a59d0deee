import { DEFAULT_LOCALE, type Locale } from '@certhub/domain/i18n/locales';
import { alternateLinks } from '../i18n/alternates.js';
import { siteText } from '../i18n/site-text.js';

export const SITE_NAME = 'CertHub';

/** Open Graph's name of each language's region-qualified locale. */
const OPEN_GRAPH_LOCALES = { en: 'en_US', de: 'de_DE' } as const;

/** What a page says about itself outside its body: the one place titles, descriptions, canonical URLs and structured data come from. */
export interface PageMeta {
  /** Shown in the tab as "<title> · CertHub"; null: the site's own title. */
  title: string | null;
  /** The meta description (and Open Graph's); the site's description when left out. */
  description?: string;
  /** The page's own address, path and query (`/?category=devices`), made absolute with the site's origin; none: not indexed. */
  canonicalPath?: string | null;
  /** The HTTP status the server answers the page with: 400 for an address it cannot read, 404 for nothing here, 410 for a closed program. */
  status?: 200 | 400 | 404 | 410;
  /** schema.org structured data; `url` makes a path absolute. */
  structuredData?: (url: (path: string) => string) => Record<string, unknown>;
  /** Open Graph's type of the page. */
  openGraphType?: 'website' | 'article';
  /** The page's language (set by `usePageMeta` from the page's locale): its default words, `og:locale`, `hreflang` alternates. */
  locale?: Locale;
}

/** One element of `<head>` a page's meta makes: its tag, attributes, and text (the title, structured data). */
export interface HeadTag {
  tag: 'title' | 'meta' | 'link' | 'script';
  attributes: Record<string, string>;
  text?: string;
}

/** Marks the elements made from a page's meta, so the browser replaces exactly those when the page changes. */
export const HEAD_TAG_MARK = 'data-page-head';

export function documentTitle(meta: PageMeta): string {
  return meta.title ? `${meta.title} · ${SITE_NAME}` : siteWords(meta, 'site.defaultTitle');
}

/** The site's words in the page's language. */
const siteWords = (meta: PageMeta, id: 'site.defaultTitle' | 'site.description') => siteText(meta.locale ?? DEFAULT_LOCALE, id);

/**
 * The head elements of a page, with absolute URLs on `origin` (the site's public address): the same
 * list for the server's HTML and the browser's updates.
 */
export function headTags(meta: PageMeta, origin: string): HeadTag[] {
  const url = (path: string) => new URL(path, origin).href;
  const title = documentTitle(meta);
  const description = meta.description ?? siteWords(meta, 'site.description');
  const canonical = meta.canonicalPath ? url(meta.canonicalPath) : null;
  const tags: HeadTag[] = [
    { tag: 'title', attributes: {}, text: title },
    { tag: 'meta', attributes: { name: 'description', content: description } },
    { tag: 'meta', attributes: { property: 'og:site_name', content: SITE_NAME } },
    { tag: 'meta', attributes: { property: 'og:title', content: meta.title ?? siteWords(meta, 'site.defaultTitle') } },
    { tag: 'meta', attributes: { property: 'og:locale', content: OPEN_GRAPH_LOCALES[meta.locale ?? DEFAULT_LOCALE] } },
    { tag: 'meta', attributes: { property: 'og:description', content: description } },
    { tag: 'meta', attributes: { property: 'og:type', content: meta.openGraphType ?? 'website' } },
  ];
  if (canonical) {
    tags.push({ tag: 'link', attributes: { rel: 'canonical', href: canonical } });
    tags.push({ tag: 'meta', attributes: { property: 'og:url', content: canonical } });
    // The same page in every language (`hreflang`), for search engines to offer each visitor theirs.
    for (const { hreflang, href } of alternateLinks(meta.canonicalPath as string, origin))
      tags.push({ tag: 'link', attributes: { rel: 'alternate', hreflang, href } });
  } else {
    // Not found, closed, or a view of its own (a private application): not for search engines.
    tags.push({ tag: 'meta', attributes: { name: 'robots', content: 'noindex' } });
  }
  if (meta.structuredData) {
    tags.push({
      tag: 'script',
      attributes: { type: 'application/ld+json' },
      text: JSON.stringify({ '@context': 'https://schema.org', ...meta.structuredData(url) }),
    });
  }
  return tags;
}

const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (character) => ESCAPED[character] as string);

/**
 * JSON inside a `<script>` element, safe whatever its strings hold: `<` (which could close the
 * element or open a comment) and the line separators JavaScript once refused are escaped.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The head elements as HTML, for the server's answer. */
export function headHtml(tags: readonly HeadTag[]): string {
  return tags
    .map(({ tag, attributes, text }) => {
      const attributeText = Object.entries({ ...attributes, [HEAD_TAG_MARK]: '' })
        .map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
        .join('');
      if (tag === 'meta' || tag === 'link') return `<${tag}${attributeText}>`;
      // Script text is JSON made script-safe; the title's text is escaped as HTML.
      const body = tag === 'script' ? (text ?? '').replace(/</g, '\\u003c') : escapeHtml(text ?? '');
      return `<${tag}${attributeText}>${body}</${tag}>`;
    })
    .join('\n    ');
}

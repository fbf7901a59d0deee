import type { Locale } from '@certhub/domain/i18n/locales';
import { createContext, useContext, useEffect } from 'react';
import { useLocale } from '../i18n/locale.js';
import { showPageMeta } from './head-dom.js';
import { useSiteOrigin } from './site-origin.js';

/** What a page says about itself outside its body: the one place titles, descriptions, canonical URLs and structured data come from. */
export interface PageMeta {
  /** Shown in the tab as "<title> · CertHub"; null: the site's own title. */
  title: string | null;
  /** The meta description (and Open Graph's); the site's description when left out. */
  description?: string;
  /** The page's own address, path and query (`/?category=devices`), made absolute with the site's origin; none: not indexed. */
  canonicalPath?: string | null;
  /** The HTTP status the server answers the page with: 404 for nothing here, 410 for a closed program. */
  status?: 200 | 404 | 410;
  /** schema.org structured data; `url` makes a path absolute. */
  structuredData?: (url: (path: string) => string) => Record<string, unknown>;
  /** Open Graph's type of the page. */
  openGraphType?: 'website' | 'article';
  /** The page's language (set by `usePageMeta` from the page's locale): its default words, `og:locale`, `hreflang` alternates. */
  locale?: Locale;
}

/** Where a server render collects the meta of the page it renders (the last page to say wins: the innermost). */
export interface PageMetaSink {
  meta: PageMeta | null;
  /** The language of the page, for `<html lang>`; English when nothing says otherwise. */
  lang: string | null;
}

export const PageMetaSinkContext = createContext<PageMetaSink | null>(null);

/** States the page's language: `<html lang>` in the server's HTML, and in the browser when it changes. */
export function useDocumentLanguage(lang: string): void {
  const sink = useContext(PageMetaSinkContext);
  if (sink) sink.lang = lang;
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
}

/**
 * States the page's meta. On the server it is collected while rendering (the render writes it into
 * `<head>` and answers with its status); in the browser it replaces what the head shows when the page
 * changes. `null`: this component does not speak for the page (a child it renders instead does).
 */
export function usePageMeta(pageMeta: PageMeta | null): void {
  const sink = useContext(PageMetaSinkContext);
  const origin = useSiteOrigin();
  const { locale } = useLocale();
  const meta = pageMeta && { locale, ...pageMeta };
  if (sink && meta) sink.meta = meta;
  const key = meta ? JSON.stringify({ ...meta, structuredData: meta.structuredData?.(String) }) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `meta`, a new object each render: the head changes only when what it says does.
  useEffect(() => {
    if (meta) showPageMeta(meta, origin);
  }, [key, origin]);
}

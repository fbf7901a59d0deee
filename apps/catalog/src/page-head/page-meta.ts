import { createContext, useContext, useEffect } from 'react';
import { useLocale } from '../i18n/locale.js';
import { showPageMeta } from './head-dom.js';
import type { PageMeta } from './head-tags.js';
import { useHydrationDone } from './hydration.js';
import { useSiteOrigin } from './site-origin.js';

/** Where a server render collects the meta of the page it renders (the last page to say wins: the innermost). */
export interface PageMetaSink {
  meta: PageMeta | null;
  /** The language of the page, for `<html lang>`; English when nothing says otherwise. */
  lang: string | null;
  /** The modules the page rendered that the browser loads on demand (`src/…`): preloaded with the HTML. */
  modules: Set<string>;
}

export const PageMetaSinkContext = createContext<PageMetaSink | null>(null);

/**
 * On the server: the page renders `module` (`src/routes/…`), which the browser loads on demand. The
 * server's HTML preloads its chunk, so that hydration does not wait for the entry to ask for it.
 */
export function useOnDemandModule(module: string): void {
  useContext(PageMetaSinkContext)?.modules.add(module);
}

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
  useHydrationDone();
  if (sink && meta) sink.meta = meta;
  const key = meta ? JSON.stringify({ ...meta, structuredData: meta.structuredData?.(String) }) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `meta`, a new object each render: the head changes only when what it says does.
  useEffect(() => {
    if (meta) showPageMeta(meta, origin);
  }, [key, origin]);
}

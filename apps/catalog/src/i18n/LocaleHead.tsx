import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { alternateLinks } from './alternates.js';
import { useLocale } from './locale.js';

/**
 * In the browser: `<html lang>` and the page's `hreflang` alternates follow the page shown. (A page
 * the server renders has them in its HTML from the start: see `alternateLinks`.)
 */
export function LocaleHead() {
  const { locale } = useLocale();
  const { pathname, search } = useLocation();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  useEffect(() => {
    for (const element of document.head.querySelectorAll(`link[rel="alternate"][hreflang]`)) element.remove();
    for (const { hreflang, href } of alternateLinks(`${pathname}${search}`, window.location.origin)) {
      const link = document.createElement('link');
      link.rel = 'alternate';
      link.hreflang = hreflang;
      link.href = href;
      document.head.append(link);
    }
  }, [pathname, search]);
  return null;
}

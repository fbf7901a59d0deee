import { useDocumentLanguage } from '../page-head/page-meta.js';
import { useLocale } from './locale.js';

/**
 * The page's language for `<html lang>`: in the server's HTML and in the browser when it changes. The
 * `hreflang` alternates are part of each page's head (`headTags`, from its canonical address).
 */
export function LocaleHead() {
  const { locale } = useLocale();
  useDocumentLanguage(locale);
  return null;
}

import { DEFAULT_LOCALE, LOCALES, type Locale } from '@certhub/domain/i18n/locales';
import { createIntl, type IntlShape } from 'react-intl';
import { loadedSiteMessages, type MessageKey } from './site-messages.js';

const formatters = new Map<Locale, IntlShape>();

/**
 * The site's words in `locale` where no `LocaleProvider` is (the page head, the loading line). Always through react-intl: a build compiles the catalogues, so
 * they are not text to read directly. `locale`'s catalogue must be loaded (`loadSiteMessages`);
 * until it is, the words are those of a language that is (the loading line shown while a
 * visitor's first switch to another language loads it).
 */
export function siteIntl(locale: Locale): IntlShape {
  const cached = formatters.get(locale);
  if (cached) return cached;
  const messages = loadedSiteMessages(locale);
  if (!messages) {
    const fallback = [DEFAULT_LOCALE, ...LOCALES].find((other) => loadedSiteMessages(other));
    if (!fallback) throw new Error(`No catalogue is loaded: load "${locale}"'s before rendering.`);
    return siteIntl(fallback);
  }
  const intl = createIntl({ locale, defaultLocale: DEFAULT_LOCALE, messages });
  formatters.set(locale, intl);
  return intl;
}

/** A message of `locale` as text: `siteText('de', 'site.loadingPage')`. */
export function siteText(locale: Locale, id: MessageKey): string {
  return siteIntl(locale).formatMessage({ id });
}

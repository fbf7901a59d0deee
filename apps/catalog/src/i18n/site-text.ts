import { DEFAULT_LOCALE, type Locale } from '@certhub/domain/i18n/locales';
import { createIntl, type IntlShape } from 'react-intl';
import { type MessageKey, SITE_MESSAGES } from './site-messages.js';

const formatters = new Map<Locale, IntlShape>();

/**
 * The site's words in `locale` where no `LocaleProvider` is (the page head, the loading line, a
 * suggestion in another language). Always through react-intl: a build compiles the catalogues, so
 * `SITE_MESSAGES` is not text to read directly.
 */
export function siteIntl(locale: Locale): IntlShape {
  let intl = formatters.get(locale);
  if (!intl) {
    intl = createIntl({ locale, defaultLocale: DEFAULT_LOCALE, messages: SITE_MESSAGES[locale] });
    formatters.set(locale, intl);
  }
  return intl;
}

/** A message of `locale` as text: `siteText('de', 'site.loadingPage')`. */
export function siteText(locale: Locale, id: MessageKey): string {
  return siteIntl(locale).formatMessage({ id });
}

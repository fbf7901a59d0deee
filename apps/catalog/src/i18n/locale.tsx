import { DEFAULT_LOCALE, type Locale, localePath } from '@certhub/domain/i18n/locales';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { type MessageKey, SITE_MESSAGES } from './site-messages.js';

export { type MessageKey, SITE_MESSAGES } from './site-messages.js';

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

/**
 * Everything below speaks `locale`: messages, dates and numbers (react-intl over `Intl`), links
 * (`useLocale().localePath`). `LocaleHead` sets the document's `lang` and alternates.
 */
export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return (
    <LocaleContext.Provider value={locale}>
      <IntlProvider locale={locale} defaultLocale={DEFAULT_LOCALE} messages={SITE_MESSAGES[locale]}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

/** The page's locale, and its paths: `localePath('/join')` is `/de/join` on a German page. */
export function useLocale(): { locale: Locale; localePath: (path: string) => string } {
  const locale = useContext(LocaleContext);
  return useMemo(() => ({ locale, localePath: (path: string) => localePath(locale, path) }), [locale]);
}

/** `t('catalog.title')`, `t('catalog.count', { count })`: a message of the page's language as text. */
export function useT(): (id: MessageKey, values?: Record<string, string | number>) => string {
  const intl = useIntl();
  return useMemo(() => (id, values) => intl.formatMessage({ id }, values), [intl]);
}

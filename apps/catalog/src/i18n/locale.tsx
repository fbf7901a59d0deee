import { DEFAULT_LOCALE, type Locale, localePath } from '@certhub/domain/i18n/locales';
import { createContext, type ReactNode, use, useContext, useMemo } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { loadedSiteMessages, loadSiteMessages, type MessageKey, type SiteMessages } from './site-messages.js';

export type { MessageKey } from './site-messages.js';

const LocaleContext = createContext<Locale>(DEFAULT_LOCALE);

/**
 * Everything below speaks `locale`: messages, dates and numbers (react-intl over `Intl`), links
 * (`useLocale().localePath`). `LocaleHead` sets the document's `lang` and alternates.
 */
export function LocaleProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const messages = useSiteMessages(locale);
  return (
    <LocaleContext.Provider value={locale}>
      <IntlProvider locale={locale} defaultLocale={DEFAULT_LOCALE} messages={messages}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

/**
 * `locale`'s catalogue: at once when loaded (the page's own language, loaded before hydration), or
 * suspending until it is (another language, the first time the visitor switches to it).
 */
function useSiteMessages(locale: Locale): SiteMessages {
  return loadedSiteMessages(locale) ?? use(loadSiteMessages(locale));
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

import { DEFAULT_LOCALE, type Locale, localePath } from '@certhub/domain/i18n/locales';
import { DOMAIN_MESSAGES, type DomainMessageKey } from '@certhub/domain/i18n/messages';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { de } from './messages/de.js';
import { type AppMessageKey, en } from './messages/en.js';

/**
 * The site's words, by locale: the domain's (statuses, availability…) and the site's own. Both are
 * bundled, so that a page renders in its language at once, on the server as in the browser.
 */
export const SITE_MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  en: { ...DOMAIN_MESSAGES.en, ...en },
  de: { ...DOMAIN_MESSAGES.de, ...de },
};

export type MessageKey = AppMessageKey | DomainMessageKey;

declare global {
  namespace FormatjsIntl {
    /** `formatMessage({ id })` and `<FormattedMessage id>` accept only keys of the catalogues. */
    interface Message {
      ids: MessageKey;
    }
  }
}

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

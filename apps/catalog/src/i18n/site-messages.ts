import type { Locale } from '@certhub/domain/i18n/locales';
import { DOMAIN_MESSAGES, type DomainMessageKey } from '@certhub/domain/i18n/messages';
import { de } from './messages/de.js';
import { type AppMessageKey, en } from './messages/en.js';

/**
 * The site's words, by locale: the domain's (statuses, availability…) and the site's own. Both are
 * bundled, so that a page renders in its language at once, on the server as in the browser. A build
 * replaces them with their compiled form (ICU ASTs, `vite.config.ts`): read them only through
 * react-intl (`useT`, `<FormattedMessage>`, `siteText`), never as strings.
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

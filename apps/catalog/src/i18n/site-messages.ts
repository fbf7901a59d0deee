import type { Locale } from '@certhub/domain/i18n/locales';
import type { DomainMessageKey } from '@certhub/domain/i18n/messages';
import type { AppMessageKey } from './messages/en.js';

export type MessageKey = AppMessageKey | DomainMessageKey;
export type SiteMessages = Readonly<Record<MessageKey, string>>;

/**
 * The site's words, by locale: the domain's (statuses, availability…) and the site's own, one
 * module per language (`catalogues/`), so that the browser loads the page's language only (the
 * server preloads it with the page, `entry-server.tsx`). A build replaces each with its compiled
 * form (ICU ASTs, `vite.config.ts`): read them only through react-intl (`useT`,
 * `<FormattedMessage>`, `siteText`), never as strings.
 */
const CATALOGUES: Readonly<Record<Locale, () => Promise<{ messages: SiteMessages }>>> = {
  en: () => import('./catalogues/en.js'),
  de: () => import('./catalogues/de.js'),
};

const loaded = new Map<Locale, SiteMessages>();
const loading = new Map<Locale, Promise<SiteMessages>>();

/** `locale`'s catalogue, loaded once (the same promise for every caller). */
export function loadSiteMessages(locale: Locale): Promise<SiteMessages> {
  let promise = loading.get(locale);
  if (!promise) {
    promise = CATALOGUES[locale]().then(({ messages }) => {
      loaded.set(locale, messages);
      return messages;
    });
    loading.set(locale, promise);
  }
  return promise;
}

/** `locale`'s catalogue if it is loaded, without waiting. */
export function loadedSiteMessages(locale: Locale): SiteMessages | undefined {
  return loaded.get(locale);
}

declare global {
  namespace FormatjsIntl {
    /** `formatMessage({ id })` and `<FormattedMessage id>` accept only keys of the catalogues. */
    interface Message {
      ids: MessageKey;
    }
  }
}

import { DEFAULT_LOCALE, type Locale, preferredLocale } from '@certhub/domain/i18n/locales';
import { useEffect, useMemo, useState } from 'react';
import { createIntl } from 'react-intl';
import { Link, useLocation } from 'react-router';
import { switchLocale } from './alternates.js';
import { SUGGESTION_WORDS } from './catalogues/suggestions.js';
import { languageChoiceRemembered, rememberLanguageChoice } from './LanguageSwitcher.js';

/**
 * On a first visit, when the browser's languages (what it sends as `Accept-Language`) prefer one
 * CertHub speaks other than the page's: a notice in that language offering the page in it. Never a
 * redirect: a page's address alone decides its language, so cached pages never vary by header. Shown
 * only after hydration (the server cannot know), until the visitor switches or says no.
 */
export function LanguageSuggestion({ locale }: { locale: Locale }) {
  const location = useLocation();
  const [suggested, setSuggested] = useState<Locale | null>(null);
  useEffect(() => {
    const preferred = preferredLocale(navigator.languages ?? [navigator.language]);
    setSuggested(preferred && preferred !== locale && !languageChoiceRemembered() ? preferred : null);
  }, [locale]);
  // In the language it offers: its words come with every page, not its whole catalogue. Made once per language, not per render.
  const intl = useMemo(
    () =>
      suggested &&
      createIntl({
        locale: suggested,
        defaultLocale: DEFAULT_LOCALE,
        messages: SUGGESTION_WORDS[suggested] as Record<string, string>,
      }),
    [suggested],
  );
  if (!intl || !suggested) return null;

  const dismiss = () => {
    rememberLanguageChoice();
    setSuggested(null);
  };
  return (
    <aside className="language-suggestion" lang={suggested}>
      <p>
        {intl.formatMessage({ id: 'languageSuggestion.text' })}{' '}
        <Link to={switchLocale(location, suggested)} hrefLang={suggested} onClick={dismiss}>
          {intl.formatMessage({ id: 'languageSuggestion.switch' })}
        </Link>{' '}
        <button type="button" className="link-button" onClick={dismiss}>
          {intl.formatMessage({ id: 'languageSuggestion.dismiss' })}
        </button>
      </p>
    </aside>
  );
}

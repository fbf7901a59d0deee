import { LOCALE_NAMES, LOCALES } from '@certhub/domain/i18n/locales';
import { Link, useLocation } from 'react-router';
import { useHydrated } from '../page-head/hydration.js';
import { switchLocale, withoutToken } from './alternates.js';
import { useLocale, useT } from './locale.js';
import { loadSiteMessages } from './site-messages.js';

/** A link to this same page in each other language, named in that language. */
export function LanguageSwitcher() {
  const t = useT();
  const { locale } = useLocale();
  const location = useLocation();
  const hydrated = useHydrated();
  const here = hydrated ? location : { pathname: location.pathname, search: withoutToken(location.search) };
  return (
    <nav aria-label={t('site.language')} className="language-switcher">
      <ul>
        {LOCALES.filter((other) => other !== locale).map((other) => (
          <li key={other}>
            <Link
              to={switchLocale(here, other)}
              hrefLang={other}
              lang={other}
              onClick={rememberLanguageChoice}
              // Its words are fetched as the visitor reaches for the link: the page shows in them at once.
              onPointerEnter={() => void loadSiteMessages(other)}
              onFocus={() => void loadSiteMessages(other)}
            >
              {LOCALE_NAMES[other]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

const SUGGESTION_SEEN = 'certhub.language-suggestion';

/** A visitor who chose a language, or dismissed the suggestion, is not offered one again. */
export function rememberLanguageChoice(): void {
  try {
    localStorage.setItem(SUGGESTION_SEEN, 'done');
  } catch {
    // Storage refused (private mode, settings): the suggestion may show once more, no harm.
  }
}

export function languageChoiceRemembered(): boolean {
  try {
    return localStorage.getItem(SUGGESTION_SEEN) === 'done';
  } catch {
    return true;
  }
}

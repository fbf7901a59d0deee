import type { Locale } from '@certhub/domain/i18n/locales';
import { Link, NavLink, Outlet } from 'react-router';
import { LanguageSuggestion } from '../i18n/LanguageSuggestion.js';
import { LanguageSwitcher } from '../i18n/LanguageSwitcher.js';
import { LocaleHead } from '../i18n/LocaleHead.js';
import { LocaleProvider, useLocale, useT } from '../i18n/locale.js';

/** The site in one language: every page under `/` in English, under `/de/` in German. */
export function LocaleLayout({ locale }: { locale: Locale }) {
  return (
    <LocaleProvider locale={locale}>
      <LocaleHead />
      <AppLayout />
    </LocaleProvider>
  );
}

/** Every page: a skip link, the site's name, sections and languages, the page, and where the data comes from. */
function AppLayout() {
  const t = useT();
  const { locale, localePath } = useLocale();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('site.skipLink')}
      </a>
      <LanguageSuggestion locale={locale} />
      <header className="app-header site-header">
        <NavLink to={localePath('/')} className="brand" end>
          CertHub
        </NavLink>
        <nav aria-label={t('site.sections')}>
          <ul>
            <li>
              <NavLink to={localePath('/')} end>
                {t('site.nav.programs')}
              </NavLink>
            </li>
            <li>
              <NavLink to={localePath('/certified')}>{t('site.nav.certified')}</NavLink>
            </li>
            <li>
              <NavLink to={localePath('/join')}>{t('site.nav.join')}</NavLink>
            </li>
            <li>
              <NavLink to={localePath('/api')}>{t('site.nav.api')}</NavLink>
            </li>
          </ul>
        </nav>
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          <Link to={localePath('/changes')}>{t('site.footerChanges')}</Link>
        </p>
        <p>
          {t('attribution')} {t('site.labFees')}
        </p>
      </footer>
    </>
  );
}

import { Link } from 'react-router';
import { usePageTitle } from '../components/usePageTitle.js';
import { useLocale, useT } from '../i18n/locale.js';

export function NotFoundPage() {
  const t = useT();
  const { localePath } = useLocale();
  usePageTitle(t('notFound.title'));
  return (
    <section className="page">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to={localePath('/')}>{t('notFound.home')}</Link>
      </p>
    </section>
  );
}

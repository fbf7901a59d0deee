import { Link } from 'react-router';
import { useLocale, useT } from '../i18n/locale.js';
import { usePageMeta } from '../page-head/page-meta.js';

export function NotFoundPage() {
  const t = useT();
  const { localePath } = useLocale();
  usePageMeta({ title: t('notFound.title'), status: 404 });
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

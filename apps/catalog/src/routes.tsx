import { DEFAULT_LOCALE, LOCALES, splitLocalePath } from '@certhub/domain/i18n/locales';
import { Loading } from '@certhub/web-ui/QueryState';
import { lazy, Suspense } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { siteText } from './i18n/site-text.js';
import { LocaleLayout } from './layout/AppLayout.js';
import { CatalogPage } from './routes/catalog/CatalogPage.js';
import { NotFoundPage } from './routes/NotFoundPage.js';

// The catalogue loads with the app; every other page is fetched when first visited.
const ProgramPage = lazy(async () => ({ default: (await import('./routes/program/ProgramPage.js')).ProgramPage }));
const JoinPage = lazy(async () => ({ default: (await import('./routes/join/JoinPage.js')).JoinPage }));
const ApplyPage = lazy(async () => ({ default: (await import('./routes/apply/ApplyPage.js')).ApplyPage }));
const FollowPage = lazy(async () => ({ default: (await import('./routes/follow/FollowPage.js')).FollowPage }));
const ChangesPage = lazy(async () => ({ default: (await import('./routes/changes/ChangesPage.js')).ChangesPage }));
const CertifiedSearchPage = lazy(async () => ({
  default: (await import('./routes/products/CertifiedSearchPage.js')).CertifiedSearchPage,
}));
const ProductPage = lazy(async () => ({ default: (await import('./routes/products/ProductPage.js')).ProductPage }));
const VendorPage = lazy(async () => ({ default: (await import('./routes/vendors/VendorPage.js')).VendorPage }));
const WatchLinkPage = lazy(async () => ({ default: (await import('./routes/watch/WatchLinkPage.js')).WatchLinkPage }));
const ApiPage = lazy(async () => ({ default: (await import('./routes/api/ApiPage.js')).ApiPage }));

export function AppRoutes() {
  return (
    <Suspense fallback={<LoadingPage />}>
      <Routes>
        {/* Each language has every page: English at `/…`, the others under their code (`/de/…`). */}
        {LOCALES.map((locale) => (
          <Route key={locale} path={locale === DEFAULT_LOCALE ? undefined : locale} element={<LocaleLayout locale={locale} />}>
            <Route index element={<CatalogPage />} />
            <Route path="programs/:slug" element={<ProgramPage />} />
            <Route path="programs/:slug/apply" element={<ApplyPage />} />
            <Route path="applications/:reference" element={<FollowPage />} />
            <Route path="certified" element={<CertifiedSearchPage />} />
            <Route path="products/:slug" element={<ProductPage />} />
            <Route path="vendors/:slug" element={<VendorPage />} />
            <Route path="join" element={<JoinPage />} />
            <Route path="api" element={<ApiPage />} />
            <Route path="changes" element={<ChangesPage />} />
            <Route path="watch/confirm" element={<WatchLinkPage action="confirm" />} />
            <Route path="watch/unsubscribe" element={<WatchLinkPage action="unsubscribe" />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        ))}
      </Routes>
    </Suspense>
  );
}

/** "Loading the page…" in the language of the address (it stands in for the layout, and so for its locale). */
function LoadingPage() {
  const { locale } = splitLocalePath(useLocation().pathname);
  return <Loading message={siteText(locale, 'site.loadingPage')} />;
}

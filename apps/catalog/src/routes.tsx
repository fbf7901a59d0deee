import { DEFAULT_LOCALE, LOCALES, splitLocalePath } from '@certhub/domain/i18n/locales';
import { Loading } from '@certhub/web-ui/QueryState';
import { type ComponentType, lazy, Suspense } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { siteText } from './i18n/site-text.js';
import { LocaleLayout } from './layout/AppLayout.js';
import { useOnDemandModule } from './page-head/page-meta.js';
import { NotFoundPage } from './routes/NotFoundPage.js';

// Every page is fetched when first visited (a chunk of its own); the server's HTML preloads the one it rendered.
const CatalogPage = onDemand(
  'src/routes/catalog/CatalogPage.tsx',
  async () => (await import('./routes/catalog/CatalogPage.js')).CatalogPage,
);
const ProgramPage = onDemand(
  'src/routes/program/ProgramPage.tsx',
  async () => (await import('./routes/program/ProgramPage.js')).ProgramPage,
);
const JoinPage = onDemand('src/routes/join/JoinPage.tsx', async () => (await import('./routes/join/JoinPage.js')).JoinPage);
const ApplyPage = onDemand('src/routes/apply/ApplyPage.tsx', async () => (await import('./routes/apply/ApplyPage.js')).ApplyPage);
const FollowPage = onDemand(
  'src/routes/follow/FollowPage.tsx',
  async () => (await import('./routes/follow/FollowPage.js')).FollowPage,
);
const ChangesPage = onDemand(
  'src/routes/changes/ChangesPage.tsx',
  async () => (await import('./routes/changes/ChangesPage.js')).ChangesPage,
);
const CertifiedSearchPage = onDemand(
  'src/routes/products/CertifiedSearchPage.tsx',
  async () => (await import('./routes/products/CertifiedSearchPage.js')).CertifiedSearchPage,
);
const ProductPage = onDemand(
  'src/routes/products/ProductPage.tsx',
  async () => (await import('./routes/products/ProductPage.js')).ProductPage,
);
const VendorPage = onDemand(
  'src/routes/vendors/VendorPage.tsx',
  async () => (await import('./routes/vendors/VendorPage.js')).VendorPage,
);
const WatchLinkPage = onDemand(
  'src/routes/watch/WatchLinkPage.tsx',
  async () => (await import('./routes/watch/WatchLinkPage.js')).WatchLinkPage,
);
const ApiPage = onDemand('src/routes/api/ApiPage.tsx', async () => (await import('./routes/api/ApiPage.js')).ApiPage);

/** The page `load` gives, fetched when first shown; a server render notes its `module` to preload its chunk (`useOnDemandModule`). */
function onDemand<P extends object>(module: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Page = lazy(async () => ({ default: await load() }));
  // biome-ignore lint/correctness/noComponentHookFactories: made once per page, at module level, like `lazy`; never during a render.
  return function OnDemandPage(props: P) {
    useOnDemandModule(module);
    return <Page {...props} />;
  };
}

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

import { Loading } from '@certhub/web-ui/QueryState';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from './layout/AppLayout.js';
import { CatalogPage } from './routes/catalog/CatalogPage.js';
import { NotFoundPage } from './routes/NotFoundPage.js';

// The catalogue loads with the app; every other page is fetched when first visited.
const ProgramPage = lazy(async () => ({ default: (await import('./routes/program/ProgramPage.js')).ProgramPage }));
const JoinPage = lazy(async () => ({ default: (await import('./routes/join/JoinPage.js')).JoinPage }));
const ApplyPage = lazy(async () => ({ default: (await import('./routes/apply/ApplyPage.js')).ApplyPage }));
const FollowPage = lazy(async () => ({ default: (await import('./routes/follow/FollowPage.js')).FollowPage }));
const CertifiedSearchPage = lazy(async () => ({
  default: (await import('./routes/products/CertifiedSearchPage.js')).CertifiedSearchPage,
}));
const ProductPage = lazy(async () => ({ default: (await import('./routes/products/ProductPage.js')).ProductPage }));
const VendorPage = lazy(async () => ({ default: (await import('./routes/vendors/VendorPage.js')).VendorPage }));
const ApiPage = lazy(async () => ({ default: (await import('./routes/api/ApiPage.js')).ApiPage }));

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Routes>
        <Route element={<AppLayout />}>
          <Route index element={<CatalogPage />} />
          <Route path="programs/:slug" element={<ProgramPage />} />
          <Route path="programs/:slug/apply" element={<ApplyPage />} />
          <Route path="applications/:reference" element={<FollowPage />} />
          <Route path="certified" element={<CertifiedSearchPage />} />
          <Route path="products/:slug" element={<ProductPage />} />
          <Route path="vendors/:slug" element={<VendorPage />} />
          <Route path="join" element={<JoinPage />} />
          <Route path="api" element={<ApiPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

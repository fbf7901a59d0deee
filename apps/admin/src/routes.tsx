import { Loading } from '@certhub/web-ui/QueryState';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { ConsoleLayout } from './layout/ConsoleLayout.js';
import { PlainLayout } from './layout/PlainLayout.js';
import { NotFoundPage } from './routes/NotFoundPage.js';
import { ProgramsPage } from './routes/programs/ProgramsPage.js';
import { SignInPage } from './routes/sign-in/SignInPage.js';
import { RequireRole, RequireStaff } from './session/session.js';

// Sign-in and the programs list load with the console; every other screen when first visited.
const lazyPage = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));
const ChangePasswordPage = lazyPage(() => import('./routes/sign-in/ChangePasswordPage.js'), 'ChangePasswordPage');
const ProgramEditPage = lazyPage(() => import('./routes/programs/ProgramEditPage.js'), 'ProgramEditPage');
const ApplicationsPage = lazyPage(() => import('./routes/applications/ApplicationsPage.js'), 'ApplicationsPage');
const ApplicationPage = lazyPage(() => import('./routes/applications/ApplicationPage.js'), 'ApplicationPage');
const UsersPage = lazyPage(() => import('./routes/users/UsersPage.js'), 'UsersPage');
const AuditPage = lazyPage(() => import('./routes/audit/AuditPage.js'), 'AuditPage');
const ImportPage = lazyPage(() => import('./routes/import/ImportPage.js'), 'ImportPage');
const WebhooksPage = lazyPage(() => import('./routes/webhooks/WebhooksPage.js'), 'WebhooksPage');
const ProductsPage = lazyPage(() => import('./routes/products/ProductsPage.js'), 'ProductsPage');
const ProductEditPage = lazyPage(() => import('./routes/products/ProductEditPage.js'), 'ProductEditPage');
const ProductImportPage = lazyPage(() => import('./routes/products/ProductImportPage.js'), 'ProductImportPage');
const CatalogPage = lazyPage(() => import('./routes/catalog/CatalogPage.js'), 'CatalogPage');

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading what="the screen" />}>
      <Routes>
        <Route element={<PlainLayout />}>
          <Route path="login" element={<SignInPage />} />
          <Route path="change-password" element={<ChangePasswordPage />} />
        </Route>
        <Route element={<RequireStaff />}>
          <Route element={<ConsoleLayout />}>
            <Route index element={<ProgramsPage />} />
            <Route path="programs/new" element={<ProgramEditPage />} />
            <Route path="programs/:slug" element={<ProgramEditPage />} />
            <Route path="applications" element={<ApplicationsPage />} />
            <Route path="applications/:id" element={<ApplicationPage />} />
            <Route path="catalogue" element={<CatalogPage />} />
            <Route path="products" element={<ProductsPage />} />
            <Route path="products/new" element={<ProductEditPage />} />
            <Route path="products/:slug" element={<ProductEditPage />} />
            <Route path="import" element={<ImportPage />} />
            <Route path="import/products" element={<ProductImportPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route element={<RequireRole needs="ADMIN" />}>
              <Route path="users" element={<UsersPage />} />
              <Route path="webhooks" element={<WebhooksPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}

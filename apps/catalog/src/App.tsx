import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { type ReactNode, StrictMode } from 'react';
import { SiteOriginContext } from './page-head/site-origin.js';
import { AppRoutes } from './routes.js';

/** The public site inside its providers; the router around it differs (the browser's, or the server's for one URL). */
export function App({
  client,
  origin,
  router,
}: {
  client: ApolloClient;
  /** The site's public address; empty: the page's own origin. */
  origin: string;
  router: (routes: ReactNode) => ReactNode;
}) {
  return (
    <StrictMode>
      <SiteOriginContext value={origin}>
        <ApolloProvider client={client}>{router(<AppRoutes />)}</ApolloProvider>
      </SiteOriginContext>
    </StrictMode>
  );
}

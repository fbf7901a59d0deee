import { ApolloClient, type ApolloLink, HttpLink, InMemoryCache, type NormalizedCacheObject } from '@apollo/client';
import { withSubscriptions } from '@certhub/web-ui/live-link';

/** The cache of the public site, the same on the server (rendering a page) and in the browser (which restores it). */
export function createCatalogCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      // Connections are read whole per filter; the page asks again when the filter changes.
      Query: { fields: { programs: { keyArgs: ['filter'] } } },
      // An applicant's view has no id; its reference identifies it, so a reply updates what is shown.
      TrackedApplication: { keyFields: ['reference'] },
    },
  });
}

/**
 * The public site talks to the API of the server that serves it: queries over HTTP, live updates
 * (subscriptions) over a WebSocket on the same /graphql, opened only by pages that follow changes.
 * `serverState`: the cache the server rendered the page with, so hydration shows the same data.
 */
export function createApolloClient({
  uri = '/graphql',
  serverState,
}: {
  uri?: string;
  serverState?: unknown;
} = {}): ApolloClient {
  const cache = createCatalogCache();
  if (serverState) cache.restore(serverState as NormalizedCacheObject);
  const client: ApolloClient = new ApolloClient({
    link: withSubscriptions(new HttpLink({ uri }), {
      // Changes made while the socket was down were not sent: read what is shown again.
      onReconnected: () => void client.refetchQueries({ include: 'active' }),
    }),
    cache,
  });
  // A page that reads again on every visit (cache-and-network) hydrates with the server's data, without
  // asking again; the first page shown ends this (`useHydrationDone`).
  client.prioritizeCacheValues = Boolean(serverState);
  return client;
}

/** The client a server render uses: `link` reaches the schema in the server's process; no sockets. */
export function createServerApolloClient(link: ApolloLink): ApolloClient {
  return new ApolloClient({ link, cache: createCatalogCache(), ssrMode: true });
}

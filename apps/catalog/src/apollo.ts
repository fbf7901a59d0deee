import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { withSubscriptions } from '@certhub/web-ui/live-link';

/**
 * The public site talks to the API of the server that serves it: queries over HTTP, live updates
 * (subscriptions) over a WebSocket on the same /graphql, opened only by pages that follow changes.
 */
export function createApolloClient(uri = '/graphql'): ApolloClient {
  const client: ApolloClient = new ApolloClient({
    link: withSubscriptions(new HttpLink({ uri }), {
      // Changes made while the socket was down were not sent: read what is shown again.
      onReconnected: () => void client.refetchQueries({ include: 'active' }),
    }),
    cache: new InMemoryCache({
      typePolicies: {
        // Connections are read whole per filter; the page asks again when the filter changes.
        Query: { fields: { programs: { keyArgs: ['filter'] } } },
        // An applicant's view has no id; its reference identifies it, so a reply updates what is shown.
        TrackedApplication: { keyFields: ['reference'] },
      },
    }),
  });
  return client;
}

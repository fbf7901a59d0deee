import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

/** The public site talks to the API of the server that serves it. */
export function createApolloClient(uri = '/graphql'): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri }),
    cache: new InMemoryCache({
      typePolicies: {
        // Connections are read whole per filter; the page asks again when the filter changes.
        Query: { fields: { programs: { keyArgs: ['filter'] } } },
        // An applicant's view has no id; its reference identifies it, so a reply updates what is shown.
        TrackedApplication: { keyFields: ['reference'] },
      },
    }),
  });
}

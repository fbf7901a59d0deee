import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';

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

export interface FieldError {
  message: string;
  code: string | null;
  field: string | null;
  extensions: Record<string, unknown>;
}

/** The API's errors with their stable code and the field at fault; network trouble as one error. */
export function errorsOf(error: unknown): FieldError[] {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map(({ message, extensions = {} }) => ({
      message,
      code: typeof extensions.code === 'string' ? extensions.code : null,
      field: typeof extensions.field === 'string' ? extensions.field : null,
      extensions,
    }));
  }
  return [
    { message: 'The server could not be reached. Check your connection and try again.', code: null, field: null, extensions: {} },
  ];
}

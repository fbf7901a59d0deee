import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { relayStylePagination } from '@apollo/client/utilities';
import { ErrorCode, ErrorReason } from '@certhub/domain/error-codes';
import { withSubscriptions } from '@certhub/web-ui/live-link';

/** What the API says about the session, whatever the request: the console reacts in one place. */
export type SessionProblem = 'expired' | 'password-change-required';

/**
 * The console talks to the API of the server that serves it, with the session cookie: over HTTP,
 * and over a WebSocket on the same /graphql for the screens that follow changes live.
 */
export function createApolloClient({
  uri = '/graphql',
  onSessionProblem = () => {},
}: {
  uri?: string;
  onSessionProblem?: (problem: SessionProblem) => void;
} = {}): ApolloClient {
  const sessionWatch = new ErrorLink(({ error, operation }) => {
    const problem = sessionProblemOf(error, operation.operationName);
    if (problem) onSessionProblem(problem);
  });
  const client: ApolloClient = new ApolloClient({
    link: ApolloLink.from([
      sessionWatch,
      withSubscriptions(new HttpLink({ uri, credentials: 'same-origin' }), {
        // Changes made while the socket was down were not sent: read what is shown again.
        onReconnected: () => void client.refetchQueries({ include: 'active' }),
      }),
    ]),
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            // "Show more" appends the next page of the same filter.
            programs: relayStylePagination(['filter']),
            applications: relayStylePagination(['filter']),
            auditLog: relayStylePagination(['filter']),
            certifiedProducts: relayStylePagination(['filter']),
            // An endpoint's log ("Show more") apart from the one-row read of its last delivery.
            webhookDeliveries: relayStylePagination(['endpointId', 'first']),
          },
        },
        // Answers that have no id of their own: kept inside what holds them.
        ApplicationPipeline: { keyFields: false },
      },
    }),
    defaultOptions: {
      // Staff act on what they see: show what is cached at once, and ask the server again.
      watchQuery: { fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' },
    },
  });
  return client;
}

/** A wrong password at sign-in is UNAUTHENTICATED too: that is the form's business, not an ended session. */
const SIGN_IN_OPERATIONS = new Set(['SignIn']);

export function sessionProblemOf(error: unknown, operationName: string | undefined): SessionProblem | null {
  if (!CombinedGraphQLErrors.is(error) || SIGN_IN_OPERATIONS.has(operationName ?? '')) return null;
  for (const { extensions } of error.errors) {
    if (extensions?.code === ErrorCode.UNAUTHENTICATED) return 'expired';
    if (extensions?.code === ErrorCode.FORBIDDEN && extensions.reason === ErrorReason.PASSWORD_CHANGE_REQUIRED)
      return 'password-change-required';
  }
  return null;
}

import type { ApolloLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';

/** At most 30 s between attempts, with jitter so that clients a restart dropped come back spread out. */
const retryWait = (retries: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** retries) * (0.5 + Math.random() / 2)));

/** The graphql-ws link of withSubscriptions, loaded with the first subscription. */
export function createSocketLink(url: string, onReconnected?: () => void): ApolloLink {
  const client = createClient({
    url,
    // Open while something subscribes; a moment's grace so that moving between pages keeps it.
    lazy: true,
    lazyCloseTimeout: 3_000,
    // A server restart or a dropped network is not the subscriber's problem: keep trying, quietly.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait,
    on: {
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) onReconnected?.();
      },
    },
  });
  return new GraphQLWsLink(client);
}

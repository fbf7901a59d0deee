import { ApolloLink } from '@apollo/client';
import { getMainDefinition } from '@apollo/client/utilities';
import { Observable, type Subscription } from 'rxjs';

export interface LiveLinkOptions {
  /** The graphql-ws endpoint; by default /graphql of the server that serves the page (ws: or wss:). */
  url?: () => string;
  /**
   * Called when the socket is back after it was lost: changes made meanwhile were not sent, so
   * what is shown should be read again.
   */
  onReconnected?: () => void;
}

/** The server that serves the page answers subscriptions on /graphql, next to the HTTP API. */
export const sameOriginSocketUrl = () =>
  `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}/graphql`;

const isSubscription = ({ query }: ApolloLink.Operation) => {
  const definition = getMainDefinition(query);
  return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
};

/**
 * Queries and mutations through `http`; subscriptions over graphql-ws. The socket code is fetched
 * with the first subscription (it stays out of the initial bundle), opens only while something
 * subscribes, and reconnects quietly, with backoff, for as long as the page is open.
 */
export function withSubscriptions(http: ApolloLink, options: LiveLinkOptions = {}): ApolloLink {
  return ApolloLink.split(isSubscription, lazySocketLink(options), http);
}

function lazySocketLink({ url = sameOriginSocketUrl, onReconnected }: LiveLinkOptions): ApolloLink {
  let socketLink: Promise<ApolloLink> | null = null;
  const load = () => {
    socketLink ??= import('./socket-link.js').then(({ createSocketLink }) => createSocketLink(url(), onReconnected));
    return socketLink;
  };
  return new ApolloLink(
    (operation, forward) =>
      new Observable((observer) => {
        let inner: Subscription | null = null;
        let closed = false;
        load().then(
          (link) => {
            if (!closed) inner = link.request(operation, forward).subscribe(observer);
          },
          (error: unknown) => {
            // The chunk could not be fetched (offline, a new deployment): retry with the next subscription.
            socketLink = null;
            if (!closed) observer.error(error);
          },
        );
        return () => {
          closed = true;
          inner?.unsubscribe();
        };
      }),
  );
}

import { useApolloClient } from '@apollo/client/react';
import { useEffect, useSyncExternalStore } from 'react';

const noSubscription = () => () => undefined;

/**
 * False on the server and while the browser hydrates its HTML, true from then on: what only the
 * browser knows (the address's fragment) is read once the page is hydrated, so that hydration
 * renders what the server did.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * Called by every page (through `usePageMeta`) once it is shown: until the first page has hydrated,
 * queries take the data the server rendered with (`prioritizeCacheValues`, see `createApolloClient`);
 * from then on they read as usual. `<html data-hydrated>` tells browser tests the page now answers.
 */
export function useHydrationDone(): void {
  const client = useApolloClient();
  useEffect(() => {
    client.prioritizeCacheValues = false;
    document.documentElement.dataset.hydrated = 'true';
  }, [client]);
}

import DataLoader from 'dataloader';

/**
 * The one way relations are batched: every loader is built per request (so nothing leaks between
 * callers) from a batch function that fetches all keys in one statement.
 */
export function loaderByKey<K, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (value: V) => K): DataLoader<K, V | null> {
  return new DataLoader(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((value) => [keyOf(value), value]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/**
 * For one-to-many relations: `fetch` answers `[key, value]` entries (one statement, ordered as the
 * lists should be) and each key gets the values of its entries.
 */
export function loaderOfLists<K, V>(fetch: (keys: readonly K[]) => Promise<ReadonlyArray<readonly [K, V]>>): DataLoader<K, V[]> {
  return new DataLoader(async (keys) => {
    const lists = new Map<K, V[]>(keys.map((key) => [key, []]));
    for (const [key, value] of await fetch(keys)) lists.get(key)?.push(value);
    return keys.map((key) => lists.get(key) ?? []);
  });
}

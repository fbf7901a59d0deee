import type { DataSource, EntityManager } from 'typeorm';
import { sqliteTransactions } from './sqlite-reader.js';

const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * The one way to run a write: in a transaction, all or nothing. TypeORM drives better-sqlite3
 * through a single connection, where two transactions at once would nest into each other, so on
 * SQLite transactions take turns. Keep slow non-database work (hashing, network) out of `work`:
 * on SQLite it would hold up every other write.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'postgres') return withCommitHooks(dataSource, work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  // On a query runner of its own: other reads go to a read-only connection meanwhile (sqlite-reader.ts).
  const turn = previous.then(() => withCommitHooks(sqliteTransactions(dataSource), work));
  sqliteQueues.set(
    dataSource,
    turn.catch(() => undefined),
  );
  return turn;
}

const commitHooks = new WeakMap<EntityManager, Array<() => void>>();

/**
 * Runs `hook` once the transaction of `manager` has committed, and never if it rolls back. Outside
 * a transaction of `inTransaction` (a plain manager, whose writes are already committed), at once.
 * A hook must not throw or wait: it only tells others (see shared/change-signal.ts).
 */
export function afterCommit(manager: EntityManager, hook: () => void): void {
  const hooks = commitHooks.get(manager);
  if (hooks) hooks.push(hook);
  else hook();
}

async function withCommitHooks<T>(
  dataSource: Pick<DataSource, 'transaction'>,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const hooks: Array<() => void> = [];
  const result = await dataSource.transaction((manager) => {
    commitHooks.set(manager, hooks);
    return work(manager);
  });
  for (const hook of hooks) {
    try {
      hook();
    } catch (error) {
      console.error('A hook after a commit failed; the change itself is committed.', error);
    }
  }
  return result;
}

/**
 * Makes the rest of the transaction exclusive for each key (a list whose positions it rewrites, a
 * unique key it checks before writing). PostgreSQL: transaction-scoped advisory locks, taken in
 * one order so that two transactions cannot wait for each other. SQLite: nothing to do, its
 * transactions already take turns.
 */
export async function lockKeys(manager: EntityManager, keys: readonly string[]): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  for (const key of [...new Set(keys)].sort()) await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

import type { DataSource, EntityManager } from 'typeorm';
import { logger } from '../shared/logger.js';
import { Database, databaseOf } from './database.js';
import { sqliteTransactions } from './sqlite-reader.js';

/**
 * The one way to run a write: in a transaction, all or nothing. TypeORM drives better-sqlite3
 * through a single connection, where two transactions at once would nest into each other, so on
 * SQLite transactions take turns. Keep slow non-database work (hashing, network) out of `work`:
 * on SQLite it would hold up every other write. On PostgreSQL a transaction rolled back by a
 * deadlock or a serialization failure runs again (`withRetries`), so `work` must be safe to re-run.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const database = databaseOf(dataSource);
  if (database.options.type === 'postgres') return withRetries(database, work);
  // On a query runner of its own: other reads go to a read-only connection meanwhile (sqlite-reader.ts).
  const turn = database.writeQueue.then(() => withCommitHooks(database, sqliteTransactions(database), work));
  database.writeQueue = turn.catch(() => undefined);
  return turn;
}

/** How many more times a PostgreSQL transaction runs after a deadlock or a serialization failure. */
export const TRANSACTION_RETRIES = 3;

/** SQLSTATEs after which PostgreSQL has rolled the whole transaction back and running it again may succeed. */
const RETRIED_STATES = new Set(['40001', '40P01']);

/** How many PostgreSQL transactions ran again after a deadlock or serialization failure (logged too). */
export function transactionRetries(dataSource: DataSource): number {
  return dataSource instanceof Database ? dataSource.transactionRetries : 0;
}

/**
 * PostgreSQL: writers take their locks in one order (see README, Operations), so a deadlock means
 * a path that does not, or a lock outside the product's control; either way the victim is rolled
 * back whole and its after-commit hooks dropped, so `work` runs again from the start after a
 * short jittered pause. `work` must therefore only write through `manager` and keep its other
 * effects in `afterCommit` hooks.
 */
async function withRetries<T>(database: Database, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withCommitHooks(database, database, work);
    } catch (error) {
      const state = sqlStateOf(error);
      if (attempt > TRANSACTION_RETRIES || !state || !RETRIED_STATES.has(state)) throw error;
      database.transactionRetries++;
      logger.warn(`A transaction was rolled back by PostgreSQL (${state}); running it again (retry ${attempt}).`);
      await new Promise((resolve) => setTimeout(resolve, attempt * 20 * (0.5 + Math.random())));
    }
  }
}

function sqlStateOf(error: unknown): string | undefined {
  const { code, driverError } = (error ?? {}) as { code?: unknown; driverError?: { code?: unknown } };
  const state = driverError?.code ?? code;
  return typeof state === 'string' ? state : undefined;
}

/**
 * Runs `hook` once the transaction of `manager` has committed, and never if it rolls back. Outside
 * a transaction of `inTransaction` (a plain manager, whose writes are already committed), at once.
 * A hook must not throw or wait: it only tells others (see platform/change-signal.ts).
 */
export function afterCommit(manager: EntityManager, hook: () => void): void {
  const hooks = commitHooksOf(manager);
  if (hooks) hooks.push(hook);
  else hook();
}

function commitHooksOf(manager: EntityManager): Array<() => void | Promise<void>> | undefined {
  const { connection } = manager;
  return connection instanceof Database ? connection.commitHooks.get(manager) : undefined;
}

/**
 * Runs `wait` once the transaction of `manager` has committed (never if it rolls back), after the
 * `afterCommit` hooks, and holds the transaction's caller until it settles: what must be true
 * before the write is acknowledged (catalog-revision.ts: every instance has seen the revision). A
 * failure is logged; the change itself is committed. Outside a transaction, at once (not awaited).
 */
export function beforeAcknowledging(manager: EntityManager, wait: () => Promise<void>): void {
  const hooks = commitHooksOf(manager);
  if (hooks) hooks.push(wait);
  else wait().catch((error) => logger.error({ err: error }, 'A wait after a commit failed; the change itself is committed.'));
}

async function withCommitHooks<T>(
  database: Database,
  transactions: Pick<DataSource, 'transaction'>,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const hooks: Array<() => void | Promise<void>> = [];
  const result = await transactions.transaction((manager) => {
    database.commitHooks.set(manager, hooks);
    return work(manager);
  });
  const waits: Array<Promise<void>> = [];
  for (const hook of hooks) {
    try {
      const wait: unknown = hook();
      if (wait instanceof Promise) waits.push(wait);
    } catch (error) {
      logger.error({ err: error }, 'A hook after a commit failed; the change itself is committed.');
    }
  }
  for (const outcome of await Promise.allSettled(waits)) {
    if (outcome.status === 'rejected')
      logger.error({ err: outcome.reason }, 'A wait after a commit failed; the change itself is committed.');
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

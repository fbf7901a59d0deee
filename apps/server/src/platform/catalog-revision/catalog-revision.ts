import type { DataSource, EntityManager } from 'typeorm';
import { sqliteReader } from '../../db/sqlite-reader.js';
import { inTransaction } from '../../db/transaction.js';
import { logger } from '../../shared/logger.js';
import { CatalogRevisionEntity } from './catalog-revision.entity.js';

const ROW_ID = 1;
const READ_REVISION = `SELECT revision FROM catalog_revision WHERE id = ${ROW_ID}`;

const lockedFirst = new WeakSet<EntityManager>();

/**
 * The transaction of every change to public data (programs, categories, labs, specs, an import)
 * starts here: it locks the revision row, which it bumps later, before anything else. On
 * PostgreSQL such changes then run one after the other and cannot deadlock: before, the row was
 * locked by the bump, half-way, so a batch of status changes holding it waited for a program that
 * a single edit held while waiting for the row. It also means an import reads the catalogue as it
 * is when it writes. SQLite: transactions take turns already; nothing to lock.
 */
export function inCatalogTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return inTransaction(dataSource, async (manager) => {
    if (manager.connection.options.type === 'postgres') await manager.query(`${READ_REVISION} FOR UPDATE`);
    lockedFirst.add(manager);
    return work(manager);
  });
}

let warnedLateLock = false;

/** Inside the transaction of a change to public data: makes every cached public response stale. */
export async function bumpCatalogRevision(manager: EntityManager): Promise<void> {
  if (!warnedLateLock && manager.queryRunner?.isTransactionActive && !lockedFirst.has(manager)) {
    warnedLateLock = true;
    logger.warn('A change to public data did not start with inCatalogTransaction: it can deadlock with others.');
  }
  await manager.increment(CatalogRevisionEntity, { id: ROW_ID }, 'revision', 1);
}

/** Reads the committed catalogue revision: what every cached public answer is checked against. */
export type CatalogRevisionReader = () => Promise<number>;

/**
 * The cheapest read of the revision each database allows that still sees every write committed
 * before the request arrived, from any process, and nothing uncommitted (an answer kept under a
 * revision that a rollback takes back would be served until the next change). Requests share a
 * read that starts after they all arrived. SQLite: a prepared statement on the read-only
 * better-sqlite3 connection itself (TypeORM's own path costs a hundred times more), once per turn
 * of the event loop for every request that came during its poll phase. PostgreSQL: requests that
 * arrive while a read is under way share the next one.
 */
export function catalogRevisionReader(dataSource: DataSource): CatalogRevisionReader {
  const reader = sqliteReader(dataSource);
  if (reader) {
    const statement = reader.prepare(READ_REVISION).pluck();
    return afterPollPhase(() => Number(statement.get() ?? 0));
  }
  return coalesced(() => readCatalogRevision(dataSource));
}

export async function readCatalogRevision(dataSource: DataSource): Promise<number> {
  const rows: Array<{ revision: number | string }> = await dataSource.query(READ_REVISION);
  return Number(rows[0]?.revision ?? 0);
}

/**
 * Runs `read` once in the check phase of the event loop for every caller of this turn: every
 * request handled in the poll phase arrived before it, so it sees what any of them could.
 */
function afterPollPhase<T>(read: () => T): () => Promise<T> {
  let waiting: Promise<T> | null = null;
  return () => {
    waiting ??= new Promise<T>((resolve, reject) => {
      setImmediate(() => {
        waiting = null;
        try {
          resolve(read());
        } catch (error) {
          reject(error);
        }
      });
    });
    return waiting;
  };
}

/**
 * At most one `read` runs at a time; a caller that comes while one runs waits for the next,
 * shared with everyone else who came meanwhile (a read that began before a caller came might
 * miss a write that caller already saw acknowledged).
 */
export function coalesced<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const current = read().finally(() => {
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return () => {
    if (next) return next;
    if (!running) return start();
    const queued = running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    next = queued;
    return queued;
  };
}
